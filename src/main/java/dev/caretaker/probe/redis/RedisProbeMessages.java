package dev.caretaker.probe.redis;

import dev.caretaker.reply.Format;

import java.time.Duration;
import java.util.Locale;

/** What the Redis and queue probes say in a result: what they measured, and why they could not. */
final class RedisProbeMessages {

    private RedisProbeMessages() {
    }

    static String measured(String label, String value, String crossed) {
        return label + ": " + value + (crossed.isEmpty() ? "" : " (" + crossed + ")") + ".";
    }

    static String pingLabel(String target) {
        return "PING to Redis `" + target + "`";
    }

    static String memoryLabel(boolean ofMachine) {
        return ofMachine ? "Memory used, of the machine (no maxmemory)" : "Memory used, of maxmemory";
    }

    static String memoryUnknown() {
        return "Memory used: unknown (no maxmemory and the machine's memory is not reported).";
    }

    static String hitRateLabel(Duration since) {
        return "Hit rate over the last " + Format.human(since);
    }

    static String evictionsLabel(Duration since) {
        return "Keys evicted per minute over the last " + Format.human(since);
    }

    static String firstReading() {
        return "First reading; the rate needs a second one.";
    }

    static String tooFewReads(long reads, Duration since) {
        return (reads == 0 ? "No reads" : "Only " + reads + (reads == 1 ? " read" : " reads")) + " in the last "
                + Format.human(since) + ", too few to judge the hit rate.";
    }

    static String statsReset() {
        return "The server's counters were reset since the previous reading; the rate starts again.";
    }

    /** A figure that could not be read because the target is down; the reachability probe raises the alert. */
    static String notMeasured(String sentence) {
        return "Not measured: " + sentence;
    }

    static String lengthLabel(String queue) {
        return "Jobs waiting in `" + queue + "` (the longest queue)";
    }

    static String waitLabel(String queue, boolean atLeast) {
        return "Oldest job of `" + queue + "` has waited" + (atLeast ? " at least" : "");
    }

    static String noQueues() {
        return "No queues to watch yet.";
    }

    static String nothingWaiting() {
        return "No job is waiting.";
    }

    static String failedLabel(boolean complete) {
        return complete ? "Failed jobs" : "Failed jobs (at least; counting stopped at its time limit)";
    }

    static String failedNotRecorded() {
        return "Failed jobs are not recorded where Caretaker can read them (Celery without `backend`, plain lists).";
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    static String perMinute(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String duration(Duration d) {
        return Format.human(d);
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
