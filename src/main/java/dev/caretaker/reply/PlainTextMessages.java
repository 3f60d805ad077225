package dev.caretaker.reply;

/** The words plain-text rendering adds to a reply: severity markers and where a chart would be. */
final class PlainTextMessages {

    private PlainTextMessages() {
    }

    static String marker(Severity severity) {
        return switch (severity) {
            case INFO -> "";
            case OK -> "[ok] ";
            case WARN -> "[warn] ";
            case CRITICAL -> "[critical] ";
        };
    }

    /** A chart, which plain text cannot show: its title (or file name when it has none) and its file. */
    static String chart(String title, String fileName) {
        return "[chart: " + (title == null ? fileName : title) + " (" + fileName + ")]";
    }
}
