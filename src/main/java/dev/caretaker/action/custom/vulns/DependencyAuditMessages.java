package dev.caretaker.action.custom.vulns;

import java.util.List;

/** Sentences and labels of the {@code dependency-audit} kind: its declaration, and the summary people read. */
final class DependencyAuditMessages {

    private DependencyAuditMessages() {
    }

    // ---- the declaration (boot) ------------------------------------------------------------------------------------

    static String unknownSetting(String key) {
        return "dependency-audit commands take npm and pip; `" + key + "` is unknown";
    }

    static String nothingToAudit() {
        return "dependency-audit commands need `npm: {workdir: /srv/app}` (a package-lock.json there) and/or "
                + "`pip: {workdir: /srv/app, requirements: requirements.txt}`";
    }

    static String notAMapping(String tool) {
        return "`" + tool + "` must be a mapping with `workdir:`, e.g. " + tool + ": {workdir: /srv/app}";
    }

    static String unknownKey(String tool, String key, List<String> keys) {
        return "`" + tool + "` takes " + String.join(" and ", keys) + "; `" + key + "` is unknown";
    }

    static String workdir(String tool) {
        return "`workdir` of `" + tool + "` must be an absolute directory such as /srv/app";
    }

    static String requirements() {
        return "`requirements` of `pip` must be a file name inside its workdir, such as requirements.txt";
    }

    static String noArgs() {
        return "dependency-audit commands take no arguments";
    }

    // ---- running ------------------------------------------------------------------------------------------------------

    static String cannotStart(String program) {
        return "`" + program + "` could not be started; check that it is installed and on the PATH of the bot "
                + "(caretaker.exec.path).";
    }

    static String notJson(String tool, int exit) {
        return tool + " audit did not answer with JSON (exit " + exit + "); run it on the host to see why.";
    }

    static String complaint(String tool, String what) {
        return tool + " audit could not check the dependencies: " + what;
    }

    static String workdirMissing(String tool, String dir) {
        return "The project directory of " + tool + " audit (" + dir + ") does not exist; fix `workdir` in the "
                + "command's file.";
    }

    static String pipMissing() {
        return "pip-audit is not on the bot's PATH, so Python dependencies were not checked.";
    }

    static String pipUnrated() {
        return "pip-audit rates no severity: its findings are counted as unrated.";
    }

    static String header(long total, long critical, long high) {
        if (total == 0) {
            return "Security audit: no known vulnerabilities";
        }
        StringBuilder worst = new StringBuilder();
        if (critical > 0) {
            worst.append(critical).append(" critical");
        }
        if (high > 0) {
            worst.append(worst.isEmpty() ? "" : ", ").append(high).append(" high");
        }
        return "Security audit: " + total + (total == 1 ? " vulnerability" : " vulnerabilities")
                + (worst.isEmpty() ? "" : " (" + worst + ")");
    }

    static List<String> columns() {
        return List.of("Tool", "Critical", "High", "Moderate", "Low", "Info", "Unrated", "Total");
    }

    static String toolName(String tool) {
        return tool.equals("npm") ? "npm audit" : "pip-audit";
    }

    static String worstHeading() {
        return "Worst first:";
    }

    static String npmFinding(String name, String severity) {
        return name + " (" + severity + ")";
    }

    static String pipFinding(String name, String version, String id, List<String> fixes) {
        return name + " " + version + ": " + id + (fixes.isEmpty() ? " (no fix yet)" : " (fixed in "
                + String.join(", ", fixes) + ")");
    }
}
