package dev.caretaker.chat.discord;

/**
 * What the Discord adapter adds to replies: attachments, buttons that do not fit, refused direct messages, servers
 * and unreadable commands.
 */
final class DiscordMessages {

    private DiscordMessages() {
    }

    static String discordFullReplyAttached(int shownLines, int totalLines, String fileName) {
        if (shownLines == 0) {
            return "This reply is too long for Discord; all of it is in the attached file " + fileName + ".";
        }
        return "Showing the first " + shownLines + " of " + totalLines + " lines; all of it is in the attached file "
                + fileName + ".";
    }

    static String discordButtonsLeftOut(int count) {
        return count + (count == 1 ? " button does" : " buttons do") + " not fit on Discord and "
                + (count == 1 ? "was" : "were") + " left out; run the command from the console to see every choice.";
    }

    static String discordEmptyReply() {
        return "Done.";
    }

    static String discordDmsRefused() {
        return "Commands are not accepted in direct messages; run it in a server channel where I am present.";
    }

    static String discordUnknownButton() {
        return "That button is not in use any more; run the command again.";
    }

    static String discordUnreadableCommand() {
        return "That command arrived incomplete or with an option Caretaker cannot read; pick it again from the /ops list.";
    }

    static String discordGuildRefused() {
        return "Caretaker does not take commands in this server; run it in a server it was set up for.";
    }
}
