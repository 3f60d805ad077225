package dev.caretaker.digest.section;

import dev.caretaker.reply.Format;
import dev.caretaker.target.redis.QueueTarget;

import java.util.Locale;

/** The headings, labels and sentences of the digest's Cache and queues section. */
final class CacheSectionMessages {

    private CacheSectionMessages() {
    }

    static final String NONE = "–";

    static String heading(int caches, int queueTargets) {
        return "Cache and queues: " + caches + (caches == 1 ? " Redis" : " Redis servers") + ", " + queueTargets
                + (queueTargets == 1 ? " queue target." : " queue targets.");
    }

    static final String TARGET = "redis";
    static final String MEMORY = "memory";
    static final String HIT_RATE = "hit rate (since start)";
    static final String HIT_RATE_NOW = "hit rate lately";
    static final String EVICTED = "evicted (per min lately)";
    static final String KEYS = "keys";

    static final String QUEUE_TARGET = "queue target";
    static final String QUEUE = "queue";
    static final String WAITING = "waiting";
    static final String OLDEST = "oldest waits";
    static final String FAILED = "failed";

    static String memory(String used, String max, double percent) {
        return used + " of " + max + " (" + String.format(Locale.ROOT, "%.0f%%", percent) + ")";
    }

    static String memoryNoLimit(String used) {
        return used + ", no maxmemory";
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static String evicted(String total, String perMinute) {
        return total + " (" + perMinute + ")";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String waited(QueueTarget.Waiting w) {
        return (w.atLeast() ? "≥ " : "") + Format.human(w.age());
    }

    static String failed(QueueTarget.Failed f) {
        return (f.complete() ? "" : "≥ ") + count(f.count());
    }

    static String unreadable(String sentence) {
        return sentence;
    }
}
