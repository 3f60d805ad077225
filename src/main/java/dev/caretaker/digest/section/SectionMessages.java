package dev.caretaker.digest.section;

import java.util.List;

/** What the digest's sections say about probes, alerts, databases, certificates, disks, commands and checklists. */
final class SectionMessages {

    private SectionMessages() {
    }

    static String digestAllGood(int probes) {
        return "All good: " + (probes == 0 ? "no problems found." : "all " + probes + " probes OK and no alerts firing.");
    }

    static String digestProblems(int warnings, int criticals) {
        List<String> parts = new java.util.ArrayList<>();
        if (criticals > 0) {
            parts.add(criticals + " critical");
        }
        if (warnings > 0) {
            parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        return "Needs attention: " + String.join(", ", parts) + ".";
    }

    static String digestNoProbes() {
        return "No probes: add http, tls or disk targets under `caretaker.targets` to see them here.";
    }

    static String digestProbesSummary(long ok, int total) {
        return "Probes: " + ok + " of " + total + " OK.";
    }

    static String digestProbesMore(int more) {
        return "… and " + more + " more, all OK or less slow than the ones above.";
    }

    static String digestNoAlerts() {
        return "Alerts: none in the last 24 h.";
    }

    static String digestAlertsSummary(int count, String bySeverity, String firing, String toAck,
                                             String toResolve) {
        return "Alerts: " + count + " in the last 24 h (" + bySeverity + "); still firing: " + firing
                + "; mean time to acknowledge " + toAck + ", to resolve " + toResolve + ".";
    }

    static String digestNone() {
        return "none";
    }

    static String digestPostgresHeading(int targets) {
        return "PostgreSQL: " + targets + (targets == 1 ? " database." : " databases.");
    }

    static String digestPostgresUnreadable(String target, String why) {
        return "PostgreSQL `" + target + "` could not be read for the digest (" + why + "); `db status target="
                + target + "` tells more.";
    }

    static String digestConnections(long used, int max, long peak) {
        return used + " of " + max + ", peak " + peak;
    }

    static String digestSlowestStatements(String target) {
        return "Slowest statements of `" + target + "` (mean time):";
    }

    static String digestNoStatements(String target) {
        return "Slowest statements of `" + target + "` are not available: pg_stat_statements is not set up (`db slow` says how).";
    }

    static String digestCertificatesOk(int count, int days) {
        return "TLS: all " + count + (count == 1 ? " certificate is" : " certificates are") + " valid for more than "
                + days + " days.";
    }

    static String digestCertificatesSoon(int count, int days) {
        return "TLS: " + count + (count == 1 ? " certificate expires" : " certificates expire") + " within " + days
                + " days; renew " + (count == 1 ? "it" : "them") + " now.";
    }

    static String digestDiskHeading(int count) {
        return "Disk: " + count + (count == 1 ? " path" : " paths") + ".";
    }

    static String digestNoCommands() {
        return "Commands: nobody ran any in the last 24 h.";
    }

    static String digestCommandsHeading(int count) {
        return "Commands: " + count + " in the last 24 h.";
    }

    static String digestChecklistOpen(String checklist, int open, int total, String items) {
        return "Checklist " + checklist + ": " + open + " of " + total + " still open (" + items + ").";
    }

    static String digestChartTitle() {
        return "HTTP response time, last 24 h";
    }

    static List<String> commandsColumns() {
        return List.of("group", "ran", "failed", "denied");
    }

    static List<String> diskColumns() {
        return List.of("disk", "status", "used", "free", "vs 7 days");
    }

    static List<String> postgresColumns() {
        return List.of("target", "size", "since yesterday", "connections (24 h peak)", "most dead tuples");
    }

    static List<String> slowestStatementsColumns() {
        return List.of("mean", "calls", "statement");
    }

    static List<String> probesColumns() {
        return List.of("target", "probe", "status", "value", "vs yesterday", "vs 7 days");
    }

    static List<String> certificatesColumns() {
        return List.of("target", "days left", "detail");
    }
}
