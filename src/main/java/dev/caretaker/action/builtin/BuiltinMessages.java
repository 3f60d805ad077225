package dev.caretaker.action.builtin;

/** Sentences of the built-in commands help, status, whoami and audit. */
final class BuiltinMessages {

    private BuiltinMessages() {
    }

    static String limitOutOfRange(String arg, long min, long max) {
        return "`" + arg + "` must be between " + min + " and " + max + ".";
    }

    static String auditEmpty(String since) {
        return "Nothing in the audit log for the last " + since + " that matches.";
    }

    static String databaseUnreachable(String sqlState) {
        return "the database does not answer (SQL state " + (sqlState == null ? "none" : sqlState)
                + "); check that it runs and that DATASOURCES_DEFAULT_URL is right";
    }
}
