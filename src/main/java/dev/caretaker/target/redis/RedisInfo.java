package dev.caretaker.target.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One reading of {@code INFO}: every {@code field:value} line by name, with typed accessors for the figures the
 * commands, probes and digest show. Fields a server does not report (older versions, other modes) are empty.
 *
 * @param at when the reading was taken (the caller's clock), for rates between two readings
 */
public record RedisInfo(Map<String, String> fields, Instant at) {

    public RedisInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Parses the text {@code INFO} answers: {@code # Section} headers, {@code field:value} lines. */
    public static RedisInfo parse(String text, Instant at) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new RedisInfo(out, at);
    }

    public Optional<String> text(String field) {
        return Optional.ofNullable(fields.get(field)).filter(s -> !s.isEmpty());
    }

    public OptionalLong number(String field) {
        String v = fields.get(field);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public OptionalDouble decimal(String field) {
        String v = fields.get(field);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private long count(String field) {
        return number(field).orElse(0);
    }

    public String version() {
        return text("redis_version").orElse("?");
    }

    public Duration uptime() {
        return Duration.ofSeconds(count("uptime_in_seconds"));
    }

    public long usedMemory() {
        return count("used_memory");
    }

    public long peakMemory() {
        return count("used_memory_peak");
    }

    /** {@code maxmemory}; 0 means no limit (Redis may grow until the machine runs out). */
    public long maxMemory() {
        return count("maxmemory");
    }

    /** The machine's memory as Redis sees it; 0 when not reported. */
    public long systemMemory() {
        return count("total_system_memory");
    }

    public String evictionPolicy() {
        return text("maxmemory_policy").orElse("?");
    }

    public OptionalDouble fragmentation() {
        return decimal("mem_fragmentation_ratio");
    }

    /**
     * Used memory as a percentage of {@code maxmemory}, or of the machine's memory when there is no limit; empty when
     * neither is known.
     */
    public OptionalDouble memoryUsedPercent() {
        long limit = maxMemory() > 0 ? maxMemory() : systemMemory();
        return limit <= 0 ? OptionalDouble.empty() : OptionalDouble.of(usedMemory() * 100.0 / limit);
    }

    public long hits() {
        return count("keyspace_hits");
    }

    public long misses() {
        return count("keyspace_misses");
    }

    /** keyspace_hits / (hits + misses) since the server started (or its stats were reset); empty with no reads. */
    public OptionalDouble hitRate() {
        return ratio(hits(), misses());
    }

    /** The hit rate between an earlier reading and this one; empty when nothing was read meanwhile or stats reset. */
    public OptionalDouble hitRateSince(RedisInfo earlier) {
        long h = hits() - earlier.hits();
        long m = misses() - earlier.misses();
        if (h < 0 || m < 0) {
            return OptionalDouble.empty();
        }
        return ratio(h, m);
    }

    public long evictedKeys() {
        return count("evicted_keys");
    }

    public long expiredKeys() {
        return count("expired_keys");
    }

    /** Keys evicted per minute between an earlier reading and this one; empty when stats were reset meanwhile. */
    public OptionalDouble evictionsPerMinuteSince(RedisInfo earlier) {
        long n = evictedKeys() - earlier.evictedKeys();
        double minutes = Duration.between(earlier.at(), at).toMillis() / 60_000.0;
        if (n < 0 || minutes <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(n / minutes);
    }

    /** Commands per second between an earlier reading and this one. */
    public OptionalDouble opsPerSecondSince(RedisInfo earlier) {
        long n = count("total_commands_processed") - earlier.count("total_commands_processed");
        double seconds = Duration.between(earlier.at(), at).toMillis() / 1000.0;
        if (n < 0 || seconds <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(n / seconds);
    }

    /** The server's own instantaneous figure (a rolling sample of the last few seconds). */
    public long instantaneousOps() {
        return count("instantaneous_ops_per_sec");
    }

    public long connectedClients() {
        return count("connected_clients");
    }

    public long blockedClients() {
        return count("blocked_clients");
    }

    public String role() {
        return text("role").orElse("?");
    }

    public long connectedReplicas() {
        return count("connected_slaves");
    }

    /** On a replica: whether the link to its primary is up ({@code up} / {@code down}). */
    public Optional<String> primaryLink() {
        return text("master_link_status");
    }

    public boolean clusterEnabled() {
        return count("cluster_enabled") == 1;
    }

    public Optional<String> rdbLastSaveStatus() {
        return text("rdb_last_bgsave_status");
    }

    public Optional<Instant> rdbLastSave() {
        OptionalLong t = number("rdb_last_save_time");
        return t.isPresent() && t.getAsLong() > 0 ? Optional.of(Instant.ofEpochSecond(t.getAsLong())) : Optional.empty();
    }

    public long changesSinceSave() {
        return count("rdb_changes_since_last_save");
    }

    public boolean aofEnabled() {
        return count("aof_enabled") == 1;
    }

    public Optional<String> aofLastWriteStatus() {
        return text("aof_last_write_status");
    }

    public Optional<String> aofLastRewriteStatus() {
        return text("aof_last_bgrewrite_status");
    }

    /** Keys per database from the Keyspace section ({@code db0:keys=5,expires=1,avg_ttl=0}), by number. */
    public Map<Integer, Keyspace> keyspace() {
        Map<Integer, Keyspace> out = new TreeMap<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String k = e.getKey();
            if (!k.matches("db\\d{1,5}")) {
                continue;
            }
            long keys = 0;
            long expires = 0;
            for (String part : e.getValue().split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length == 2 && kv[0].equals("keys")) {
                    keys = parse(kv[1]);
                } else if (kv.length == 2 && kv[0].equals("expires")) {
                    expires = parse(kv[1]);
                }
            }
            out.put(Integer.parseInt(k.substring(2)), new Keyspace(keys, expires));
        }
        return out;
    }

    /** Keys in one database and how many of them have a TTL. */
    public record Keyspace(long keys, long expires) {
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static OptionalDouble ratio(long hits, long misses) {
        long total = hits + misses;
        return total == 0 ? OptionalDouble.empty() : OptionalDouble.of(hits / (double) total);
    }
}
