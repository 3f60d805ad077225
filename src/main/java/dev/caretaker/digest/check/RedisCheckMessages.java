package dev.caretaker.digest.check;

import java.util.List;
import java.util.Locale;

/** The evidence sentences of the {@code redis-healthy} check. */
final class RedisCheckMessages {

    private RedisCheckMessages() {
    }

    static String noRedis() {
        return "No redis target is configured, so there is nothing to check; add one under `caretaker.targets`.";
    }

    static String healthy(List<String> summaries) {
        return "Redis is healthy: " + String.join("; ", summaries) + ".";
    }

    static String summary(String target, String memory, String hitRate, long evicted) {
        return "`" + target + "` memory " + memory + ", hit rate " + hitRate + ", " + (evicted == 0 ? "no evictions"
                : String.format(Locale.ROOT, "%,d keys evicted", evicted));
    }

    static String unhealthy(List<String> problems) {
        return "Needs a look: " + String.join("; ", problems) + ".";
    }

    static String memoryHigh(String target, double percent, double level) {
        return String.format(Locale.ROOT, "`%s` uses %.0f%% of its memory (above %.0f%%)", target, percent, level);
    }

    static String hitRateLow(String target, double percent, double level) {
        return String.format(Locale.ROOT, "`%s` finds only %.1f%% of the keys it is asked for (below %.0f%%)", target,
                percent, level);
    }

    static String evicting(String target, double perMinute, double level) {
        return String.format(Locale.ROOT, "`%s` evicted %.1f keys per minute since it started (above %.0f)", target,
                perMinute, level);
    }

    static String unreachable(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    static String none() {
        return "–";
    }
}
