package dev.caretaker.chat.slack;

/** What the Slack adapter adds to replies: progress, long output, busy. */
final class SlackMessages {

    private SlackMessages() {
    }

    static String running(String commandLine) {
        return "Running `" + commandLine + "`…";
    }

    static String slackOutputAttached(String fileName) {
        return "This is too long for one Slack message; the full output is in the attached file `" + fileName + "`.";
    }

    static String slackOutputTooLongForPrivateReply() {
        return "This is too long for a reply only you can see, and Slack cannot attach a file to it; run the "
                + "command in a channel, or narrow it down, to see all of it.";
    }

    static String slackRowsShown(int shown, int total) {
        return "Showing the first " + shown + " of " + total + " rows.";
    }

    static String slackLinesShown(int shown, int total) {
        return "Showing the first " + shown + " of " + total + " lines.";
    }

    static String slackChartAttached(String title) {
        return "Chart attached: " + title + ".";
    }

    static String slackBusy() {
        return "Caretaker is busy with many commands right now; try again in a minute.";
    }

    /** A signed request whose body is not one of the shapes Slack sends to Caretaker. */
    static String slackRequestUnreadable() {
        return "Caretaker cannot read this request; it takes Slack's slash commands, events and button clicks.";
    }

    /** A request in another format than a form or JSON. */
    static String slackRequestWrongContentType() {
        return "Send Slack requests as application/x-www-form-urlencoded or application/json.";
    }

    /** The coordinator that remembers signed requests cannot be reached: Slack retries later. */
    static String slackRequestTryLater() {
        return "Caretaker cannot take requests right now; Slack retries this one.";
    }
}
