package dev.caretaker.target.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.FlushMode;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The client of one {@code redis} target: one Lettuce connection, opened on first use and again after it broke,
 * with the target's connect and command timeouts on every call. Keys and values travel as bytes, so binary keys
 * survive SCAN and UNLINK unchanged. Every failure is a {@link RedisException} that says which case it is.
 */
public final class RedisTarget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTarget.class);

    private final String name;
    private final RedisSettings settings;
    private final ClientResources resources;
    private final Clock clock;
    private final Object lock = new Object();
    private final AtomicReference<RedisInfo> lastStatus = new AtomicReference<>();
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;

    /** @param resources Lettuce's event loops and timers, shared by every target (closed by their owner) */
    public RedisTarget(String name, RedisSettings settings, ClientResources resources, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.resources = resources;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public RedisSettings settings() {
        return settings;
    }

    // ---- reading the server ------------------------------------------------------------------------

    /** One reading of {@code INFO} (the default sections). */
    public RedisInfo info() throws RedisException {
        return call(c -> RedisInfo.parse(c.info(), clock.instant()));
    }

    /**
     * {@code INFO} for {@code cache stats}, with the reading the previous {@code cache stats} took, so rates cover the
     * interval between the two (empty on the first).
     */
    public Readings statusReadings() throws RedisException {
        RedisInfo now = info();
        RedisInfo before = lastStatus.getAndSet(now);
        return new Readings(now, Optional.ofNullable(before));
    }

    /** A reading and the one before it. */
    public record Readings(RedisInfo now, Optional<RedisInfo> before) {
    }

    /** How long a {@code PING} takes, connection included when there was none. */
    public Duration ping() throws RedisException {
        long start = System.nanoTime();
        call(RedisCommands::ping);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    // ---- keys -------------------------------------------------------------------------------------------

    /** One {@code SCAN} step: the keys it returned and where the next step starts. */
    public record ScanStep(List<byte[]> keys, ScanCursor next) {

        public boolean finished() {
            return next.isFinished();
        }
    }

    /** One {@code SCAN cursor MATCH pattern COUNT n}. */
    public ScanStep scan(ScanCursor cursor, String pattern, int count) throws RedisException {
        ScanArgs args = ScanArgs.Builder.matches(pattern.getBytes(StandardCharsets.UTF_8)).limit(count);
        KeyScanCursor<byte[]> page = call(c -> c.scan(cursor, args));
        return new ScanStep(page.getKeys(), page);
    }

    /** {@code UNLINK} of some keys (freed in the background by the server); answers how many existed. */
    public long unlink(List<byte[]> keys) throws RedisException {
        if (keys.isEmpty()) {
            return 0;
        }
        Long n = call(c -> c.unlink(keys.toArray(byte[][]::new)));
        return n == null ? 0 : n;
    }

    /** What a key is: its type ({@code none} when it went away), TTL and memory use. */
    public record KeyInfo(String key, String type, Optional<Duration> ttl, Optional<Long> bytes) {

        public boolean gone() {
            return type.equals("none");
        }
    }

    /** {@code TYPE}, {@code PTTL} and {@code MEMORY USAGE} of each key, pipelined in one round trip. */
    public List<KeyInfo> describe(List<byte[]> keys) throws RedisException {
        if (keys.isEmpty()) {
            return List.of();
        }
        return call(c -> {
            RedisAsyncCommands<byte[], byte[]> async = c.getStatefulConnection().async();
            List<io.lettuce.core.RedisFuture<String>> types = new ArrayList<>();
            List<io.lettuce.core.RedisFuture<Long>> ttls = new ArrayList<>();
            List<io.lettuce.core.RedisFuture<Long>> sizes = new ArrayList<>();
            for (byte[] k : keys) {
                types.add(async.type(k));
                ttls.add(async.pttl(k));
                sizes.add(async.memoryUsage(k));
            }
            List<KeyInfo> out = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                String type = await(types.get(i));
                Long ttl = await(ttls.get(i));
                Long size = await(sizes.get(i));
                out.add(new KeyInfo(text(keys.get(i)), type == null ? "none" : type,
                        ttl == null || ttl < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ttl)),
                        Optional.ofNullable(size)));
            }
            return out;
        });
    }

    /**
     * The first {@code bytes} bytes of each key's string value ({@code GETRANGE}), pipelined in one round trip; an
     * empty array for a key that went away. Enough to read a status at the start of a large JSON value.
     */
    public List<byte[]> heads(List<byte[]> keys, int bytes) throws RedisException {
        if (keys.isEmpty()) {
            return List.of();
        }
        return call(c -> {
            RedisAsyncCommands<byte[], byte[]> async = c.getStatefulConnection().async();
            List<io.lettuce.core.RedisFuture<byte[]>> heads = new ArrayList<>();
            for (byte[] k : keys) {
                heads.add(async.getrange(k, 0, bytes - 1L));
            }
            List<byte[]> out = new ArrayList<>();
            for (io.lettuce.core.RedisFuture<byte[]> f : heads) {
                byte[] v = await(f);
                out.add(v == null ? new byte[0] : v);
            }
            return out;
        });
    }

    /** How many keys match, counted with SCAN until done or {@code until}; {@code complete} says which. */
    public record Count(long keys, boolean complete) {
    }

    public Count count(String pattern, Instant until) throws RedisException {
        ScanCursor cursor = ScanCursor.INITIAL;
        long n = 0;
        while (true) {
            ScanStep step = scan(cursor, pattern, settings.scanCount());
            n += step.keys().size();
            if (step.finished()) {
                return new Count(n, true);
            }
            if (!clock.instant().isBefore(until) || Thread.currentThread().isInterrupted()) {
                return new Count(n, false);
            }
            cursor = step.next();
        }
    }

    /** A sample of the keys that match, up to {@code limit}, and whether SCAN got through the whole keyspace. */
    public record Sample(List<byte[]> keys, boolean complete) {
    }

    public Sample sample(String pattern, int limit, Instant until) throws RedisException {
        ScanCursor cursor = ScanCursor.INITIAL;
        List<byte[]> keys = new ArrayList<>();
        boolean more = false;
        while (true) {
            ScanStep step = scan(cursor, pattern, settings.scanCount());
            for (byte[] k : step.keys()) {
                if (keys.size() < limit) {
                    keys.add(k);
                } else {
                    more = true;
                }
            }
            if (step.finished()) {
                return new Sample(keys, !more);
            }
            if (keys.size() >= limit || !clock.instant().isBefore(until) || Thread.currentThread().isInterrupted()) {
                return new Sample(keys, false);
            }
            cursor = step.next();
        }
    }

    /**
     * How far a clear got: keys SCAN matched, keys UNLINK removed (the rest had gone meanwhile: expired, deleted by
     * someone else, or returned twice by SCAN), batches, and whether it stopped before the end.
     */
    public record Clearing(long matched, long deleted, int batches, Duration took, boolean stopped) {

        public long gone() {
            return matched - deleted;
        }
    }

    /**
     * Deletes every key matching {@code pattern} with {@code SCAN} and {@code UNLINK}, one batch at a time so the
     * server answers others between batches; reports progress at most every {@code progress-interval} and stops
     * cleanly (between batches) at {@code until} or when the thread is interrupted.
     */
    public Clearing clear(String pattern, Instant until, Consumer<Clearing> progress) throws RedisException {
        long start = System.nanoTime();
        Instant nextReport = clock.instant().plus(settings.progressInterval());
        ScanCursor cursor = ScanCursor.INITIAL;
        long matched = 0;
        long deleted = 0;
        int batches = 0;
        while (true) {
            if (!clock.instant().isBefore(until) || Thread.currentThread().isInterrupted()) {
                return new Clearing(matched, deleted, batches, Duration.ofNanos(System.nanoTime() - start), true);
            }
            ScanStep step = scan(cursor, pattern, settings.scanCount());
            if (!step.keys().isEmpty()) {
                matched += step.keys().size();
                deleted += unlink(step.keys());
                batches++;
            }
            if (step.finished()) {
                return new Clearing(matched, deleted, batches, Duration.ofNanos(System.nanoTime() - start), false);
            }
            cursor = step.next();
            Instant now = clock.instant();
            if (!now.isBefore(nextReport)) {
                nextReport = now.plus(settings.progressInterval());
                progress.accept(new Clearing(matched, deleted, batches, Duration.ofNanos(System.nanoTime() - start), false));
            }
        }
    }

    /** Keys in the target's database ({@code DBSIZE}). */
    public long size() throws RedisException {
        Long n = call(RedisCommands::dbsize);
        return n == null ? 0 : n;
    }

    /** Keys in another database of the same server ({@code DBSIZE} there). */
    public long keysIn(int database) throws RedisException {
        if (database == settings.database()) {
            return size();
        }
        return onDatabase(database, c -> {
            Long n = c.dbsize();
            return n == null ? 0L : n;
        });
    }

    /**
     * {@code FLUSHDB ASYNC} on the target's database or on {@code database}: the server answers at once and frees the
     * memory in the background. Answers how many keys the database held just before.
     */
    public long flushAsync(OptionalInt database) throws RedisException {
        Call<Long> flush = c -> {
            Long n = c.dbsize();
            c.flushdb(FlushMode.ASYNC);
            return n == null ? 0L : n;
        };
        if (database.isEmpty() || database.getAsInt() == settings.database()) {
            return call(flush);
        }
        return onDatabase(database.getAsInt(), flush);
    }

    /** Work on another database of the server, over a connection of its own that is closed afterwards. */
    private <T> T onDatabase(int database, Call<T> work) throws RedisException {
        RedisURI other = RedisURI.builder(settings.uri()).withDatabase(database).build();
        RedisClient once = newClient(other);
        try (StatefulRedisConnection<byte[], byte[]> c = connect(once)) {
            try {
                return work.run(c.sync());
            } catch (RuntimeException e) {
                throw logged(RedisErrors.running(name, e), e);
            }
        } finally {
            once.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    // ---- plumbing for the queue readers ----------------------------------------------------------------

    /** Work done with the synchronous commands of the open connection. */
    @FunctionalInterface
    public interface Call<T> {
        T run(RedisCommands<byte[], byte[]> commands);
    }

    /**
     * Runs {@code work} on the connection (opening it first when needed); a broken connection is dropped, so the next
     * call connects again. Every Lettuce failure becomes a {@link RedisException}.
     */
    public <T> T call(Call<T> work) throws RedisException {
        StatefulRedisConnection<byte[], byte[]> c = connection();
        try {
            return work.run(c.sync());
        } catch (RuntimeException e) {
            RedisException failure = logged(RedisErrors.running(name, e), e);
            if (failure.kind() == RedisException.Kind.CONNECTION_LOST || failure.kind() == RedisException.Kind.TIMEOUT) {
                drop(c);
            }
            throw failure;
        }
    }

    /** Keys as people read them; bytes that are not UTF-8 show as the replacement character. */
    public static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private StatefulRedisConnection<byte[], byte[]> connection() throws RedisException {
        synchronized (lock) {
            if (connection != null && connection.isOpen()) {
                return connection;
            }
            if (client == null) {
                client = newClient(settings.uri());
            }
            StatefulRedisConnection<byte[], byte[]> c = connect(client);
            try {
                if (RedisInfo.parse(c.sync().info("cluster"), clock.instant()).clusterEnabled()) {
                    c.close();
                    throw new RedisException(name, RedisException.Kind.CLUSTER, "");
                }
            } catch (RuntimeException e) {
                c.close();
                throw logged(RedisErrors.connecting(name, e), e);
            }
            connection = c;
            return c;
        }
    }

    private StatefulRedisConnection<byte[], byte[]> connect(RedisClient redis) throws RedisException {
        // Lettuce sometimes loses the server's refusal of a handshake (AUTH, SELECT) to a closing channel and reports
        // an IllegalStateException instead; another attempt gets the server's answer, which is what users need (on a
        // busy machine the race can be lost twice in a row, hence up to three)
        for (int attempt = 1; ; attempt++) {
            try {
                return redis.connect(ByteArrayCodec.INSTANCE);
            } catch (RuntimeException e) {
                if (attempt == HANDSHAKE_ATTEMPTS || !RedisErrors.lostTheHandshakeRace(e)) {
                    throw logged(RedisErrors.connecting(name, e), e);
                }
            }
        }
    }

    private static final int HANDSHAKE_ATTEMPTS = 3;

    private RedisClient newClient(RedisURI uri) {
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build();
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                // a broken connection fails its calls at once; the next call connects again and says why not
                .autoReconnect(false)
                // RESP2: AUTH and SELECT as plain commands, which every Redis since 2.x answers the same way
                .protocolVersion(io.lettuce.core.protocol.ProtocolVersion.RESP2)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        settings.tlsCaFile().ifPresent(ca -> options.sslOptions(SslOptions.builder().trustManager(ca.toFile()).build()));
        RedisClient c = RedisClient.create(resources, uri);
        c.setOptions(options.build());
        return c;
    }

    private void drop(StatefulRedisConnection<byte[], byte[]> c) {
        synchronized (lock) {
            if (connection == c) {
                connection = null;
            }
        }
        c.closeAsync();
    }

    /**
     * Logs the classified failure with the driver's exception type only: driver messages may quote an address or
     * a server reply, and the rule is that no exception text reaches a log or a reply.
     */
    private RedisException logged(RedisException failure, Throwable cause) {
        StringBuilder chain = new StringBuilder(cause.getClass().getSimpleName());
        for (Throwable t = cause.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            chain.append(" < ").append(t.getClass().getSimpleName());
        }
        LOG.warn("Redis target {}: {} ({})", name, failure.kind(), chain);
        return failure;
    }

    private static <T> T await(io.lettuce.core.RedisFuture<T> f) {
        try {
            return f.get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.lettuce.core.RedisCommandInterruptedException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new io.lettuce.core.RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new io.lettuce.core.RedisCommandTimeoutException(e);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (connection != null) {
                connection.close();
                connection = null;
            }
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                client = null;
            }
        }
    }

    @Override
    public String toString() {
        return "RedisTarget[" + name + ", " + settings + "]";
    }
}
