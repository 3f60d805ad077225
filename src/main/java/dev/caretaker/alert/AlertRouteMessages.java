package dev.caretaker.alert;

import static dev.caretaker.reply.Format.echo;

/** What is wrong with an alert route in the configuration. */
final class AlertRouteMessages {

    private AlertRouteMessages() {
    }

    static String alertRouteNotAMap(int index) {
        return "`caretaker.alerts.routes[" + index + "]` must have `match`, `channels` and optionally `mention`.";
    }

    static String alertRouteWithoutChannels(int index) {
        return "`caretaker.alerts.routes[" + index + "]` has no channels; list addresses like slack:C0123ABCD, "
                + "discord:112233445566778899 or console under `channels`.";
    }

    static String alertChannelInvalid(String key, String text) {
        return "`" + key + "` has `" + echo(text) + "`, which is not a channel address; use slack:C0123ABCD, "
                + "discord:112233445566778899 or console.";
    }
}
