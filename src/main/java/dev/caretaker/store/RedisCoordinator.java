package dev.caretaker.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Coordinator} shared by replicas, on Redis through Lettuce. Leases and counters use small
 * Lua scripts so check-and-set is one atomic step on the server.
 */
public final class RedisCoordinator implements Coordinator, AutoCloseable {

    private static final String PREFIX = "caretaker:";
    /** How long one call may take before Redis counts as lost (unless the URI sets {@code timeout}). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final String ACQUIRE = """
            local cur = redis.call('GET', KEYS[1])
            if cur == false or cur == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";
    private static final String INCREMENT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n""";

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String description;

    /**
     * Connects at once, so a Redis that is down stops the start with one sentence rather than failing the first
     * command; throws {@link CoordinatorUnavailableException} when the URI is malformed or nothing answers.
     */
    public RedisCoordinator(String uri) {
        RedisURI parsed;
        try {
            parsed = RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new CoordinatorUnavailableException(null, e);
        }
        this.description = "redis://" + parsed.getHost() + ":" + parsed.getPort();
        if (parsed.getTimeout().equals(RedisURI.DEFAULT_TIMEOUT_DURATION)) {
            // Lettuce waits a minute by default: far longer than a platform waits for its ack
            parsed.setTimeout(COMMAND_TIMEOUT);
        }
        // Own resources: with Lettuce's defaults, shutting one client down stops a timer others still use.
        // Reconnects back off to at most a second, so a Redis that returns is used again within about a second.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, parsed);
        // While the connection is down, calls fail at once instead of queueing for the timeout: the caller
        // (FallbackCoordinator) asks PostgreSQL instead, and Lettuce keeps reconnecting in the background.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .build());
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            // Nothing else will close them: the bean never exists, so its preDestroy never runs.
            client.shutdown();
            resources.shutdown();
            throw new CoordinatorUnavailableException(description, e);
        }
        this.redis = connection.sync();
    }

    @Override
    public boolean claim(String key, Duration ttl) {
        return "OK".equals(redis.set(PREFIX + key, "1", SetArgs.Builder.nx().px(ttl.toMillis())));
    }

    @Override
    public Optional<Duration> remaining(String key) {
        Long ms = redis.pttl(PREFIX + key);
        return ms == null || ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    }

    @Override
    public void release(String key) {
        redis.del(PREFIX + key);
    }

    @Override
    public long increment(String key, Duration window) {
        Long n = redis.eval(INCREMENT, ScriptOutputType.INTEGER, new String[] {PREFIX + key},
                Long.toString(window.toMillis()));
        return n == null ? 0 : n;
    }

    @Override
    public boolean acquireLease(String name, String holder, Duration ttl) {
        Long ok = redis.eval(ACQUIRE, ScriptOutputType.INTEGER, new String[] {PREFIX + "lease:" + name}, holder,
                Long.toString(ttl.toMillis()));
        return ok != null && ok == 1;
    }

    @Override
    public void releaseLease(String name, String holder) {
        redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {PREFIX + "lease:" + name}, holder);
    }

    @Override
    public Optional<String> leaseHolder(String name) {
        return Optional.ofNullable(redis.get(PREFIX + "lease:" + name));
    }

    @Override
    public long generation(String name) {
        String value = redis.get(PREFIX + "generation:" + name);
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public long advance(String name) {
        Long n = redis.incr(PREFIX + "generation:" + name);
        return n == null ? 0 : n;
    }

    @Override
    public boolean ping() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
        resources.shutdown();
    }
}
