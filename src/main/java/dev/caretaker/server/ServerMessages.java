package dev.caretaker.server;

/** The sentences of the server package: what is wrong with a setting of how Caretaker runs, and how to fix it. */
public final class ServerMessages {

    private static final int ECHO_MAX = 40;

    private ServerMessages() {
    }

    public static String badLogFormat(String value) {
        String shown = value.length() > ECHO_MAX ? value.substring(0, ECHO_MAX) + "…" : value;
        return "CARETAKER_LOG_FORMAT must be `text` (the default) or `json` (got `" + shown
                + "`); set it to json for one JSON object per log line.";
    }
}
