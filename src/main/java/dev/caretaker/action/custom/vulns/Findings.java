package dev.caretaker.action.custom.vulns;

import java.util.List;
import java.util.Map;

/**
 * What one audit tool found: counts by severity ({@link #SEVERITIES}, plus {@code unrated} for a tool that rates
 * nothing, like pip-audit), and the worst findings as short lines for people to act on.
 */
record Findings(String tool, Map<String, Long> bySeverity, long unrated, List<String> worst) {

    /** npm's severities, worst first. */
    static final List<String> SEVERITIES = List.of("critical", "high", "moderate", "low", "info");

    Findings {
        bySeverity = Map.copyOf(bySeverity);
        worst = List.copyOf(worst);
    }

    long count(String severity) {
        return bySeverity.getOrDefault(severity, 0L);
    }

    long total() {
        return bySeverity.values().stream().mapToLong(Long::longValue).sum() + unrated;
    }
}
