package dev.caretaker.action.custom.vulns;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code pip-audit -f json}: an object with {@code dependencies} (current versions) or a bare list (older
 * ones), each dependency with its {@code vulns}. pip-audit rates no severity, so its findings are counted as
 * unrated.
 */
final class PipAudit {

    private PipAudit() {
    }

    static Optional<Findings> read(JsonNode root, int worstShown) {
        JsonNode dependencies = root.isArray() ? root : root.path("dependencies");
        if (!dependencies.isArray()) {
            return Optional.empty();
        }
        long vulns = 0;
        List<String> lines = new ArrayList<>();
        for (JsonNode dependency : dependencies) {
            for (JsonNode vuln : dependency.path("vulns")) {
                vulns++;
                if (lines.size() < worstShown) {
                    List<String> fixes = new ArrayList<>();
                    vuln.path("fix_versions").forEach(v -> fixes.add(v.asText()));
                    lines.add(DependencyAuditMessages.pipFinding(dependency.path("name").asText("?"),
                            dependency.path("version").asText("?"), vuln.path("id").asText("?"), fixes));
                }
            }
        }
        return Optional.of(new Findings("pip", Map.of(), vulns, lines));
    }
}
