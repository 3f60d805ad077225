package dev.caretaker.target.redis;

import dev.caretaker.support.TestRedis;
import dev.caretaker.target.TargetSpec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Redis target over TLS ({@code rediss://} with the server's CA) and one found through its sentinel. */
class RedisTransportsTest {

    private static ClientResources resources;

    @BeforeAll
    static void start() {
        resources = DefaultClientResources.create();
    }

    @AfterAll
    static void stop() {
        resources.shutdown();
    }

    private static RedisTarget target(Map<String, String> settings) {
        return new RedisTarget("cache", RedisSettings.from(new TargetSpec("cache", "redis", new HashMap<>(settings))),
                resources, Clock.systemUTC());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A self-signed certificate for 127.0.0.1 from the JDK's keytool, written as the PEM files Redis reads. */
    private static Path[] certificate(Path dir) throws Exception {
        Path keystore = dir.resolve("redis.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("redis");
        Key key = ks.getKey("redis", "changeit".toCharArray());
        Path certFile = dir.resolve("redis.crt");
        Path keyFile = dir.resolve("redis.key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new Path[] {certFile, keyFile};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void redissWithTheServersCaWorksAndWithoutItIsOneSentence(@TempDir Path dir) throws Exception {
        Path[] files = certificate(dir);
        int tls = freePort();
        RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(freePort())
                .setting("tls-port " + tls).setting("tls-cert-file " + files[0]).setting("tls-key-file " + files[1])
                .setting("tls-ca-cert-file " + files[0]).setting("tls-auth-clients no")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        try {
            try (RedisTarget trusted = target(Map.of("uri", "rediss://127.0.0.1:" + tls + "/2",
                    "tls-ca-file", files[0].toString()))) {
                assertTrue(trusted.settings().tls());
                assertTrue(trusted.ping().toMillis() >= 0);
                assertTrue(trusted.info().version().startsWith("6."), trusted.info().version());
                assertEquals(2, trusted.settings().database());
            }
            try (RedisTarget untrusted = target(Map.of("uri", "rediss://127.0.0.1:" + tls, "connect-timeout", "2s"))) {
                RedisException e = assertThrows(RedisException.class, untrusted::ping);
                assertEquals(RedisException.Kind.UNREACHABLE, e.kind(), "a certificate nobody vouches for");
                assertEquals("Redis `cache` at 127.0.0.1:" + tls + " did not accept a connection within 2.0s; check "
                        + "that it runs and that `uri` is right.", e.sentence(untrusted.settings()));
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aSentinelUriFindsThePrimary() throws Exception {
        try (TestRedis primary = new TestRedis()) {
            int port = freePort();
            RedisSentinel sentinel = RedisSentinel.newRedisSentinel().bind("127.0.0.1").port(port)
                    .masterPort(primary.port()).masterName("mymaster").build();
            sentinel.start();
            try (RedisTarget viaSentinel = target(Map.of("uri", "redis-sentinel://127.0.0.1:" + port
                    + "/0?sentinelMasterId=mymaster"))) {
                assertEquals("sentinel mymaster via 127.0.0.1:" + port, viaSentinel.settings().where());
                assertEquals("master", viaSentinel.info().role());
                assertEquals(primary.port(), Integer.parseInt(viaSentinel.info().text("tcp_port").orElseThrow()));
            } finally {
                sentinel.stop();
            }
        }
    }
}
