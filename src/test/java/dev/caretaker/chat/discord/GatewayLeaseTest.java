package dev.caretaker.chat.discord;

import dev.caretaker.fake.discord.FakeDiscord;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas sharing one coordinator (a real Redis): one gateway session, and a takeover within one lease. */
class GatewayLeaseTest {

    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path temp;

    private RedisServer redis;
    private FakeDiscord discord;
    private ApplicationContext first;
    private ApplicationContext second;

    @AfterEach
    void stop() throws IOException {
        for (ApplicationContext c : new ApplicationContext[] {first, second}) {
            if (c != null && c.isRunning()) {
                c.close();
            }
        }
        if (discord != null) {
            discord.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void onlyTheLeaseHolderConnectsAndAnotherTakesOverWithinOneLease() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").build();
        redis.start();
        discord = FakeDiscord.start();
        first = TestContexts.start(properties(port, "a"));
        assertTrue(discord.gateway().awaitIdentifies(1, Duration.ofSeconds(15)), "the first replica connects");
        second = TestContexts.start(properties(port, "b"));

        // a few lease periods later there is still exactly one session
        Thread.sleep(LEASE.multipliedBy(2).toMillis());
        assertEquals(1, discord.gateway().identifies().size());
        assertEquals(1, discord.gateway().activeSessions());
        assertTrue(first.getBean(DiscordGateway.class).connected());
        assertFalse(second.getBean(DiscordGateway.class).connected());

        Instant stopped = Instant.now();
        first.close();
        assertTrue(discord.gateway().awaitIdentifies(2, LEASE), "the second replica connects within one lease");
        Duration takeover = Duration.between(stopped, Instant.now());
        System.out.println("Discord gateway takeover after " + takeover.toMillis() + " ms (lease " + LEASE.toMillis() + " ms)");
        assertTrue(second.getBean(DiscordGateway.class).connected());
        assertTrue(takeover.compareTo(LEASE) < 0, takeover.toString());
    }

    @Test
    void withoutABotTokenNothingOfDiscordStarts() {
        first = TestContexts.start(Map.of());
        assertTrue(first.findBean(DiscordGateway.class).isEmpty());
        assertTrue(first.findBean(DiscordChatAdapter.class).isEmpty());
        assertTrue(first.findBean(DiscordSettings.class).isEmpty());
    }

    private Map<String, Object> properties(int redisPort, String replica) {
        Map<String, Object> p = new HashMap<>(DiscordEndToEndTest.properties(discord, temp.resolve(replica)));
        p.put("redis.uri", "redis://127.0.0.1:" + redisPort);
        p.put("caretaker.discord.lease", LEASE.toSeconds() + "s");
        return p;
    }

}
