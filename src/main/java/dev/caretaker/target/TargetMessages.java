package dev.caretaker.target;

import java.util.Collection;

import static dev.caretaker.reply.Format.echo;

/** What is wrong with a target in the configuration. */
public final class TargetMessages {

    private TargetMessages() {
    }

    static String targetTypeMissing(String target) {
        return "Target `" + target + "` has no type; set `caretaker.targets." + target + ".type` to postgres, redis, "
                + "http, tcp, tls, disk or prometheus.";
    }

    static String targetTypeUnknown(String target, String type, Collection<String> known) {
        return "Target `" + target + "` has type `" + echo(type) + "`; use one of " + String.join(", ", known) + ".";
    }

    public static String targetMisconfigured(String target, String reason) {
        return "Target `" + target + "` is misconfigured: " + reason + "; fix it under `caretaker.targets." + target + "`.";
    }

    public static String postgresNeedsUrl() {
        return "a postgres target needs `url` (or `host`, `port` and `database`)";
    }

    public static String settingNotDuration(String key) {
        return "`" + key + "` must be a duration like 5s, 30s or 5m";
    }

    public static String settingNotNumber(String key) {
        return "`" + key + "` must be a whole number";
    }
}
