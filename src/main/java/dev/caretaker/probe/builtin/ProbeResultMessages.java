package dev.caretaker.probe.builtin;

import static dev.caretaker.reply.Format.echo;

/** What the built-in probes say in a result: what they measured and what went wrong. */
final class ProbeResultMessages {

    private ProbeResultMessages() {
    }

    static String probeUnreachable(String what, String reason) {
        return "Could not check " + what + ": " + echo(reason) + ".";
    }

    /** A measured value, e.g. "Disk /data used: 91.2 % (above 90 %)." */
    static String probeValue(String label, String value, String unit, String crossed) {
        return label + ": " + value + (unit.isEmpty() ? "" : " " + unit) + (crossed.isEmpty() ? "" : " (" + crossed + ")")
                + ".";
    }

    static String latencyLabel(String what) {
        return "Response time of " + what;
    }

    static String diskLabel(String path) {
        return "Disk used at " + path;
    }

    static String databaseLabel(String target) {
        return "database `" + target + "`";
    }

    static String connectionsLabel() {
        return "Connections in use";
    }

    static String longestTransactionLabel() {
        return "Oldest open transaction";
    }

    static String prometheusLabel(String query) {
        return "Value of `" + echo(query) + "`";
    }

    static String diskSizeUnknown(String path) {
        return "The size of the disk holding " + path + " is unknown.";
    }

    static String httpStatusUnexpected(String url, int got, int expected) {
        return url + " answered HTTP " + got + ", expected " + expected + ".";
    }

    static String httpBodyMissing(String url, String expected) {
        return url + " answered without `" + echo(expected) + "` in its body.";
    }

    static String httpJsonMismatch(String url, String path, String expected, String got) {
        return url + " answered `" + path + "` = " + (got == null ? "nothing" : "`" + echo(got) + "`")
                + (expected == null ? "" : ", expected `" + echo(expected) + "`") + ".";
    }

    static String tlsExpiry(String what, java.time.Instant notAfter, double days, String crossed) {
        return "The certificate of " + what + " expires on " + java.time.format.DateTimeFormatter.ISO_LOCAL_DATE
                .withZone(java.time.ZoneOffset.UTC).format(notAfter) + ", in " + (long) Math.floor(days) + " days"
                + (crossed.isEmpty() ? "" : " (" + crossed + ")") + ".";
    }

    static String prometheusBadAnswer(String base, String error) {
        return "Prometheus at " + base + " did not answer the query: " + echo(error) + ".";
    }

    static String prometheusNoData(String query) {
        return "The query `" + echo(query) + "` returned no data.";
    }
}
