package dev.caretaker.action.builtin.cache;


import dev.caretaker.action.builtin.BuiltinFormat;
import dev.caretaker.reply.Format;
import java.time.Duration;

/** Every sentence, header and label of the {@code cache} commands. */
public final class CacheMessages {

    private CacheMessages() {
    }

    // ---- cache stats --------------------------------------------------------------------------------

    static String statsHeader(String target, String version, String role) {
        return "Redis " + target + " (" + version + ", " + role + ")";
    }

    static final String MEMORY = "Memory";
    static final String POLICY = "Eviction policy";
    static final String FRAGMENTATION = "Fragmentation";
    static final String HIT_RATE = "Hit rate since start";
    static final String HIT_RATE_RECENT = "Hit rate lately";
    static final String EVICTED = "Evicted keys";
    static final String EXPIRED = "Expired keys";
    static final String CLIENTS = "Clients";
    static final String OPS = "Commands/s";
    static final String PERSISTENCE = "Persistence";
    static final String REPLICATION = "Replication";
    static final String UPTIME = "Uptime";
    static final String KEYS_DB = "database";
    static final String KEYS_COUNT = "keys";
    static final String KEYS_EXPIRES = "with a TTL";

    static String memory(String used, String max, String percent, String peak) {
        return used + " used of " + max + " (" + percent + "), peak " + peak;
    }

    static String memoryNoLimit(String used, String peak, String machine, String percent) {
        return used + " used, peak " + peak + ", no maxmemory"
                + (machine.isEmpty() ? "" : " (" + percent + " of the machine's " + machine + ")");
    }

    static String hitRate(String rate, String hits, String misses) {
        return rate + " (" + hits + " hits, " + misses + " misses)";
    }

    static String noReads() {
        return "no reads yet";
    }

    static String overLast(String value, Duration interval) {
        return value + " over the last " + Format.human(interval);
    }

    static String firstReading() {
        return "first reading; ask again for the rate since now";
    }

    static String noReadsMeanwhile(Duration interval) {
        return "no reads in the last " + Format.human(interval);
    }

    static String clients(long connected, long blocked) {
        return connected + " connected, " + blocked + " blocked";
    }

    static String opsNow(String recent, long instantaneous) {
        return recent + " (server's own sample: " + instantaneous + " now)";
    }

    static String rdb(String status, String ago, long changes) {
        return "RDB last save " + status + " " + ago + ", " + changes + " changes since";
    }

    static String rdbNever() {
        return "RDB never saved";
    }

    static String aof(boolean enabled, String writeStatus) {
        return enabled ? "AOF on, last write " + writeStatus : "AOF off";
    }

    static String primary(long replicas) {
        return "primary with " + replicas + (replicas == 1 ? " replica" : " replicas");
    }

    static String replica(String link) {
        return "replica, link to primary " + link;
    }

    static String ago(Duration d) {
        return Format.human(d) + " ago";
    }

    static String noKeys() {
        return "No database holds any keys.";
    }

    // ---- cache keys ---------------------------------------------------------------------------------

    static String keysHeader(String target, String pattern) {
        return "Keys matching " + pattern + " on " + target;
    }

    static String keysNone(String target, String pattern) {
        return "No key on `" + target + "` matches `" + pattern + "`.";
    }

    static String keysAll(int n) {
        return "All " + n + " matching " + (n == 1 ? "key" : "keys") + ".";
    }

    static String keysSample(int n) {
        return "A sample of " + n + " matching keys, in SCAN order; there are more.";
    }

    static String keysStoppedEarly(int n) {
        return n + " matching keys found before the time limit; there may be more.";
    }

    static final String KEY = "key";
    static final String TYPE = "type";
    static final String TTL = "TTL";
    static final String SIZE = "memory";
    static final String GONE = "gone";

    // ---- cache clear --------------------------------------------------------------------------------

    static String clearStarRefused(String target) {
        return "`cache clear` with `*` alone would delete every key of `" + target + "`; to empty the database, use "
                + "`cache flush` (admin), or give a narrower pattern such as `session:*`.";
    }

    static String clearPatternEmpty() {
        return "Give a pattern of keys to delete, e.g. `cache clear pattern=session:*`.";
    }

    static final String MATCHING = "Matching keys";

    static String countComplete(long n) {
        return BuiltinFormat.count(n);
    }

    static String countAtLeast(long n, Duration spent) {
        return "at least " + BuiltinFormat.count(n) + " (counting stopped after " + Format.humanPrecise(spent) + ")";
    }

    static String previewNone(String target, String pattern) {
        return "No key on `" + target + "` matches `" + pattern + "` now; nothing would be deleted.";
    }

    static String previewWillDelete() {
        return "On Confirm they are deleted with SCAN and UNLINK in batches; Redis keeps answering others between "
                + "batches.";
    }

    static String clearProgress(String target, long deleted, int batches, Duration took) {
        return "Clearing `" + target + "`: " + BuiltinFormat.count(deleted) + " keys deleted in " + batches
                + " batches (" + Format.humanPrecise(took) + ")…";
    }

    static String clearedHeader(String target) {
        return "Cleared keys on " + target;
    }

    static String cleared(long deleted, String pattern, int batches, Duration took) {
        return "Deleted " + BuiltinFormat.count(deleted) + (deleted == 1 ? " key" : " keys") + " matching `" + pattern
                + "` in " + batches + (batches == 1 ? " batch" : " batches") + " (" + Format.humanPrecise(took) + ").";
    }

    static String clearedGone(long gone) {
        return BuiltinFormat.count(gone) + (gone == 1 ? " matching key was" : " matching keys were")
                + " already gone when its batch was unlinked (expired or deleted meanwhile); nothing to do for "
                + (gone == 1 ? "it" : "them") + ".";
    }

    static String clearStopped(Duration timeout) {
        return "Stopped between batches as the command's " + Format.human(timeout) + " ran out; the keys not yet "
                + "deleted are untouched. Run it again to continue.";
    }

    // ---- cache flush --------------------------------------------------------------------------------

    static final String DATABASE = "Database";
    static final String KEYS_NOW = "Keys now";

    static String flushPreview() {
        return "On Confirm every key of this database is deleted at once (FLUSHDB ASYNC: the server frees the memory "
                + "in the background).";
    }

    static String flushed(String target, int db, long keys) {
        return "Flushed database " + db + " of `" + target + "`: " + BuiltinFormat.count(keys)
                + (keys == 1 ? " key" : " keys") + " deleted; Redis frees the memory in the background.";
    }

    static String dbOutOfRange(int db) {
        return "Database " + db + " does not exist on this server; give a number below its `databases` setting (16 "
                + "unless changed).";
    }
}
