package dev.caretaker.action;

import java.time.Duration;

import static dev.caretaker.reply.Format.human;

/** Sentences about running any action, built-in or declared. */
public final class ActionMessages {

    private ActionMessages() {
    }

    public static String timedOut(String command, Duration timeout) {
        return "`" + command + "` did not finish within " + human(timeout) + " and was stopped.";
    }
}
