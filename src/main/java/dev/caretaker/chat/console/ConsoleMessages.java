package dev.caretaker.chat.console;

/** What the console adds to replies: its welcome and how to confirm by typing. */
final class ConsoleMessages {

    private ConsoleMessages() {
    }

    static String decisionNeedsToken(String word) {
        return "`" + word + "` needs the token from the preview, like `" + word + " k3x9p2`; copy it from the line "
                + "that asked.";
    }

    static String consoleWelcome() {
        return "Caretaker console. Type `help` for commands, `exit` to leave.";
    }

    /** Before a reply printed again because it changed: the console cannot edit what it printed. */
    static String updateOf(String messageId) {
        return "(update of " + messageId + ") ";
    }
}
