package dev.caretaker.action.custom.vulns;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code npm audit --json}: npm 7 and later ({@code auditReportVersion 2}: {@code vulnerabilities} by package)
 * and npm 6 ({@code advisories} by id); both carry the counts in {@code metadata.vulnerabilities}. An {@code error}
 * object (no lock file, registry unreachable) is npm's own complaint.
 */
final class NpmAudit {

    private NpmAudit() {
    }

    /** What the JSON said: findings, or npm's complaint (its {@code error.summary}). */
    record Read(Optional<Findings> findings, Optional<String> complaint) {
    }

    static Read read(JsonNode root, int worstShown) {
        JsonNode error = root.path("error");
        if (error.isObject()) {
            String summary = error.path("summary").asText("");
            return new Read(Optional.empty(), Optional.of(summary.isBlank() ? error.path("code").asText("") : summary));
        }
        JsonNode counts = root.path("metadata").path("vulnerabilities");
        if (!counts.isObject()) {
            return new Read(Optional.empty(), Optional.empty());
        }
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (String severity : Findings.SEVERITIES) {
            bySeverity.put(severity, counts.path(severity).asLong(0));
        }
        record Worst(String name, String severity) {
        }
        List<Worst> worst = new ArrayList<>();
        root.path("vulnerabilities").properties().forEach(e ->
                worst.add(new Worst(e.getValue().path("name").asText(e.getKey()), e.getValue().path("severity").asText(""))));
        root.path("advisories").properties().forEach(e ->
                worst.add(new Worst(e.getValue().path("module_name").asText(e.getKey()),
                        e.getValue().path("severity").asText(""))));
        List<String> lines = worst.stream()
                .filter(w -> Findings.SEVERITIES.contains(w.severity()))
                .sorted(Comparator.comparingInt((Worst w) -> Findings.SEVERITIES.indexOf(w.severity()))
                        .thenComparing(Worst::name))
                .distinct()
                .limit(worstShown)
                .map(w -> DependencyAuditMessages.npmFinding(w.name(), w.severity()))
                .toList();
        return new Read(Optional.of(new Findings("npm", bySeverity, 0, lines)), Optional.empty());
    }
}
