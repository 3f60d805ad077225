package dev.caretaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caretaker.fake.discord.FakeDiscord;
import dev.caretaker.fake.slack.FakeSlack;
import dev.caretaker.fake.slack.SlackCall;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.security.Secret;
import dev.caretaker.security.SlackRequestVerifier;
import dev.caretaker.support.ClassFileRefs;
import dev.caretaker.support.TestDatabase;
import dev.caretaker.support.TestRedis;
import dev.caretaker.support.TestS3;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shaded jar an operator runs: at most 60 MiB, one platform's PostgreSQL, and trimmed (pom.xml's
 * maven-shade-plugin) without breaking anything. Each trim is proven three ways: the classes left in the jar name
 * no dropped class (bar a listed few the JVM links without them), every library not trimmed by design is whole,
 * and the jar alone serves Slack, Discord, Redis, backups, metrics and the console's line reader. Run by failsafe
 * after {@code package}.
 */
class ShadedJarIT {

    private static final long LIMIT = 60L * 1024 * 1024;
    private static final Path JAR = Path.of("target", "caretaker.jar").toAbsolutePath();
    /** The runtime dependencies the jar is made of, written by maven-dependency-plugin before this test. */
    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The libraries minimizeJar trims to the classes something in the jar names (each loads no class of its own by a
     * computed name and registers no service): a path fragment of the artifact in the local repository.
     */
    private static final List<String> MINIMIZED = List.of(
            "/org/apache/commons/commons-compress/", "/org/apache/commons/commons-collections4/",
            "/org/apache/commons/commons-lang3/", "/org/apache/commons/commons-text/", "/commons-io/commons-io/",
            "/commons-codec/commons-codec/", "/net/sf/trove4j/core/", "/org/jetbrains/kotlin/kotlin-stdlib/",
            "/org/knowm/xchart/xchart/", "/io/micrometer/micrometer-core/", "/com/slack/api/slack-api-model/",
            "/com/slack/api/slack-app-backend/");

    /** What the shade filters drop from libraries otherwise kept whole. */
    private static final Map<String, List<String>> EXCLUDED = Map.of(
            "/com/slack/api/slack-api-client/", List.of("com/slack/api/methods/request/", "com/slack/api/methods/response/"),
            "/io/lettuce/lettuce-core/", List.of("io/lettuce/core/dynamic/", "io/lettuce/core/failover/",
                    "io/lettuce/core/masterreplica/", "io/lettuce/core/masterslave/", "io/lettuce/core/support/",
                    "io/lettuce/core/api/coroutines/", "io/lettuce/core/cluster/api/coroutines/",
                    "io/lettuce/core/sentinel/api/coroutines/", "io/lettuce/core/ScanFlow",
                    "io/lettuce/core/ExperimentalLettuceCoroutinesApi", "io/lettuce/core/api/StatefulRedisConnectionExtensionsKt",
                    "io/lettuce/core/api/async/RedisAsyncCommandsExtensionsKt",
                    "io/lettuce/core/api/sync/RedisSyncCommandsExtensionsKt",
                    "io/lettuce/core/cluster/api/StatefulRedisClusterConnectionExtensionsKt",
                    "io/lettuce/core/sentinel/api/StatefulRedisSentinelConnectionExtensionsKt"),
            "/org/jline/jline/", List.of("org/jline/console/", "org/jline/widget/", "org/jline/style/",
                    "org/jline/builtins/InputRC", "org/jline/builtins/TTop", "org/jline/builtins/ssh/",
                    "org/jline/builtins/telnet/"));

    private static final String METHOD_TABLE = "one of the Slack SDK's tables of every Web API method; only the "
            + "methods Caretaker calls (SlackWebApi) and Bolt calls are whole, and the JVM links the table without the "
            + "others' request and response classes";

    /** Classes left in the jar that name dropped ones, and why that is safe; each is linked below. */
    private static final Map<String, String> NAMING_DROPPED = Map.ofEntries(
            entry("com/slack/api/methods/MethodsClient", METHOD_TABLE),
            entry("com/slack/api/methods/AsyncMethodsClient", METHOD_TABLE),
            entry("com/slack/api/methods/impl/MethodsClientImpl", METHOD_TABLE),
            entry("com/slack/api/methods/impl/AsyncMethodsClientImpl", METHOD_TABLE),
            entry("com/slack/api/methods/RequestFormBuilder", METHOD_TABLE));

    /** Classes whose string constants name dropped classes, and why nothing loads them. */
    private static final Map<String, String> STRINGS_NAMING_DROPPED = Map.of(
            "org/jline/builtins/Styles", "asks JLine's console framework for its style options when one runs, else "
                    + "uses its defaults (it catches the ClassNotFoundException); Caretaker's REPL runs none",
            "kotlin/jvm/internal/ClassReference$Companion", "a table of Kotlin names for Java class names: compared "
                    + "with Class.getName(), never loaded");

    @TempDir
    Path tmp;

    // ---- size and contents ---------------------------------------------------------------------------

    @Test
    void theJarIsAtMostSixtyMebibytes() throws IOException {
        long size = Files.size(JAR);
        int entries;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            entries = jar.size();
        }
        System.out.printf("target/caretaker.jar: %.2f MiB (%d bytes, %d entries)%n", size / 1048576.0, size, entries);
        assertTrue(size <= LIMIT, String.format("target/caretaker.jar is %.1f MiB, over the 60 MiB limit; "
                + "mvn dependency:tree shows what brought the growth", size / 1048576.0));
    }

    @Test
    void itCarriesOneLinuxPostgresAndNoneOfTheDroppedLibraries() throws IOException {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            List<String> postgres = jar.stream().map(ZipEntry::getName).filter(n -> n.matches("postgres-.*\\.txz")).toList();
            assertEquals(1, postgres.size(), "one embedded PostgreSQL: " + postgres);
            assertTrue(postgres.getFirst().matches("postgres-linux-(x86_64|arm_64)\\.txz"), postgres.getFirst());
            // XChart's PDF / SVG / GIF export, JDA's voice encryption, Prometheus' protobuf format: nothing calls them
            for (String dropped : List.of("org/apache/pdfbox/", "org/apache/fontbox/", "de/rototor/", "de/erichseifert/",
                    "com/madgag/", "com/google/crypto/tink/", "com/google/protobuf/", "io/prometheus/metrics/shaded/",
                    "org/junit/", "com/slack/api/methods/request/admin/", "io/lettuce/core/api/coroutines/",
                    "org/jline/console/", "commonMain/", "META-INF/native-image/")) {
                assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith(dropped)), dropped + " is back in the jar");
            }
        }
    }

    // ---- the trims, statically --------------------------------------------------------------------------

    @Test
    void everyLibraryNotMinimizedIsWhole() throws IOException {
        Set<String> inJar = Index.get().jarClasses;
        Map<String, List<String>> missing = new TreeMap<>();
        for (Path dependency : Index.get().runtimeJars) {
            String path = dependency.toString().replace('\\', '/');
            if (MINIMIZED.stream().anyMatch(path::contains)) {
                continue;
            }
            List<String> excluded = EXCLUDED.entrySet().stream().filter(e -> path.contains(e.getKey()))
                    .flatMap(e -> e.getValue().stream()).toList();
            List<String> lost = classesIn(dependency).stream().filter(c -> !inJar.contains(c))
                    .filter(c -> excluded.stream().noneMatch(c::startsWith)).sorted().toList();
            if (!lost.isEmpty()) {
                missing.put(dependency.getFileName().toString(), lost);
            }
        }
        assertTrue(missing.isEmpty(), () -> "minimizeJar dropped classes of libraries it must keep whole: "
                + missing.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue().size() + ", e.g. "
                        + e.getValue().getFirst() + ")").collect(Collectors.joining("; "))
                + ". A dependency is kept whole by a <filter> including ** in pom.xml's maven-shade-plugin; add one for "
                + "it (or, for a library that loads none of its classes by name, add it to MINIMIZED here)");
    }

    @Test
    void nothingLeftInTheJarNeedsAClassTheBuildDropped() throws IOException {
        Index index = Index.get();
        Map<String, Set<String>> needs = new TreeMap<>();
        for (ClassFileRefs refs : index.jarRefs.values()) {
            Set<String> gone = refs.classes().stream().filter(index.dropped::contains).collect(Collectors.toCollection(TreeSet::new));
            if (!gone.isEmpty() && !NAMING_DROPPED.containsKey(refs.name())) {
                needs.put(refs.name(), gone);
            }
        }
        assertTrue(needs.isEmpty(), () -> "classes in the jar need classes the shade filters or minimizeJar dropped: "
                + needs.entrySet().stream().map(e -> e.getKey() + " -> " + e.getValue().stream().limit(3).toList())
                        .collect(Collectors.joining("; "))
                + ". Keep the package they are in (pom.xml, maven-shade-plugin), or prove the referrer links without "
                + "them and list it in NAMING_DROPPED");
        for (String listed : NAMING_DROPPED.keySet()) {
            assertTrue(index.jarRefs.containsKey(listed), listed + " is no longer in the jar; take it off NAMING_DROPPED");
        }
    }

    @Test
    void theClassesThatNameDroppedOnesLinkWithoutThem() throws Exception {
        // Linking verifies every method of a class: the JVM loads a named class then only if the verifier needs it.
        try (URLClassLoader jar = jarOnly()) {
            for (String name : NAMING_DROPPED.keySet()) {
                Class<?> linked = Class.forName(name.replace('/', '.'), true, jar);
                assertEquals(jar, linked.getClassLoader());
            }
        }
    }

    @Test
    void noStringOrServiceFileInTheJarNamesADroppedClass() throws IOException {
        Index index = Index.get();
        List<String> named = new ArrayList<>();
        for (ClassFileRefs refs : index.jarRefs.values()) {
            for (String s : refs.strings()) {
                String internal = s.replace('.', '/');
                if (index.dropped.contains(internal) && !STRINGS_NAMING_DROPPED.containsKey(refs.name())) {
                    named.add(refs.name() + " -> \"" + s + "\"");
                }
            }
        }
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (ZipEntry e : jar.stream().filter(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory()).toList()) {
                for (String line : new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String provider = line.replaceAll("#.*", "").strip();
                    if (!provider.isEmpty() && index.dropped.contains(provider.replace('.', '/'))) {
                        named.add(e.getName() + " -> " + provider);
                    }
                }
            }
        }
        assertTrue(named.isEmpty(), () -> "names of dropped classes, which Class.forName or ServiceLoader would miss: "
                + named + ". Keep those classes (pom.xml, maven-shade-plugin)");
    }

    // ---- the jar alone, running ---------------------------------------------------------------------------

    @Test
    void itRunsACommandOnItsEmbeddedPostgres() throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "run", "db status").directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "run \"db status\" ended");
        String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("[ok] PostgreSQL `caretaker`: database postgres, version 17."), out);
        assertNoLinkageErrors(out);
    }

    @Test
    void itRendersTheDigestChartWithNothingButItself() throws Exception {
        try (URLClassLoader jar = jarOnly()) {
            Class<?> renderer = jar.loadClass("dev.caretaker.digest.ChartRenderer");
            Class<?> point = jar.loadClass("dev.caretaker.digest.ChartRenderer$Point");
            Object a = point.getConstructor(Instant.class, double.class).newInstance(Instant.parse("2025-06-02T08:00:00Z"), 12.0);
            Object b = point.getConstructor(Instant.class, double.class).newInstance(Instant.parse("2025-06-02T09:00:00Z"), 30.0);
            Method lines = renderer.getMethod("lines", String.class, String.class, String.class, Map.class, ZoneId.class);
            Optional<?> image = (Optional<?>) lines.invoke(renderer.getConstructor().newInstance(), "Latency", "ms",
                    "latency.png", Map.of("api", List.of(a, b)), ZoneId.of("UTC"));
            byte[] png = (byte[]) image.orElseThrow().getClass().getMethod("png").invoke(image.orElseThrow());
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
            assertTrue(png.length > 5_000, "a drawn 800x400 chart, not an empty image: " + png.length + " bytes");
        }
    }

    @Test
    void theConsoleLineReaderCompletesAndKeepsHistoryWithNothingButTheJar() throws Exception {
        // The REPL's own calls (ConsoleRepl) on a terminal over streams: completion, editing, history file.
        Path history = tmp.resolve("history");
        // typed keys, on a stream that stays open as a terminal does (JLine closes the reader at end of input)
        PipedOutputStream typing = new PipedOutputStream();
        InputStream keys = new PipedInputStream(typing, 1024);
        typing.write("who\t\nhelp db\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader jar = jarOnly()) {
            // JLine finds its terminal providers through the context class loader, as in the running jar
            Thread.currentThread().setContextClassLoader(jar);
            Class<?> terminalBuilder = jar.loadClass("org.jline.terminal.TerminalBuilder");
            Object tb = terminalBuilder.getMethod("builder").invoke(null);
            tb = terminalBuilder.getMethod("system", boolean.class).invoke(tb, false);
            tb = terminalBuilder.getMethod("streams", InputStream.class, OutputStream.class).invoke(tb, keys, screen);
            tb = terminalBuilder.getMethod("type", String.class).invoke(tb, "xterm-256color");
            Object terminal = terminalBuilder.getMethod("build").invoke(tb);
            Class<?> terminalType = jar.loadClass("org.jline.terminal.Terminal");
            Class<?> completerType = jar.loadClass("org.jline.reader.Completer");
            Object completer = jar.loadClass("org.jline.reader.impl.completer.StringsCompleter")
                    .getConstructor(Iterable.class).newInstance(List.of("whoami", "help", "exit"));
            Class<?> readerBuilder = jar.loadClass("org.jline.reader.LineReaderBuilder");
            Object rb = readerBuilder.getMethod("builder").invoke(null);
            rb = readerBuilder.getMethod("terminal", terminalType).invoke(rb, terminal);
            rb = readerBuilder.getMethod("appName", String.class).invoke(rb, "caretaker");
            rb = readerBuilder.getMethod("completer", completerType).invoke(rb, completer);
            rb = readerBuilder.getMethod("variable", String.class, Object.class).invoke(rb, "history-file", history);
            Object reader = readerBuilder.getMethod("build").invoke(rb);
            Method readLine = reader.getClass().getMethod("readLine", String.class);
            assertEquals("whoami", readLine.invoke(reader, "caretaker> ").toString().strip(), "tab completed the word");
            assertEquals("help db", readLine.invoke(reader, "caretaker> "));
            terminal.getClass().getMethod("close").invoke(terminal);
        } finally {
            Thread.currentThread().setContextClassLoader(context);
        }
        List<String> saved = Files.readAllLines(history, StandardCharsets.UTF_8);
        assertTrue(saved.stream().anyMatch(l -> l.endsWith("whoami")) && saved.stream().anyMatch(l -> l.endsWith("help db")),
                saved.toString());
    }

    /**
     * {@code java -jar caretaker.jar} with Slack, Discord, a Redis coordinator, a redis and a files target: signed
     * Slack requests (slash commands, a button, an app mention) answered through the fake Slack's Web API, a Discord
     * slash command over the gateway, cache stats and a confirmed cache clear, a files backup into an S3 bucket
     * (s3proxy) and its verification,
     * /health and /prometheus; and not one class-loading error in its log.
     */
    @Test
    void itServesSlackDiscordRedisBackupsAndMetricsWithNothingButItself() throws Exception {
        Path uploads = Files.createDirectories(tmp.resolve("uploads/avatars"));
        Files.writeString(uploads.resolve("alice.txt"), "a", StandardCharsets.UTF_8);
        Files.writeString(uploads.getParent().resolve("terms ünd conditions.txt"), "b", StandardCharsets.UTF_8);
        try (FakeSlack slack = FakeSlack.start(); FakeDiscord discord = FakeDiscord.start(); TestRedis redis = new TestRedis();
             TestS3 s3 = new TestS3(); RedisClient client = RedisClient.create(redis.uri() + "/1");
             StatefulRedisConnection<String, String> keys = client.connect()) {
            slack.usergroup(Served.OPERATORS, Served.OPERATOR).user(Served.VIEWER, "vic").user(Served.OPERATOR, "oscar");
            keys.sync().set("session:1", "a");
            keys.sync().set("session:2", "b");
            keys.sync().set("user:1", "c");
            Files.writeString(tmp.resolve("caretaker.yml"), """
                    caretaker:
                      roles:
                        operator:
                          slack-usergroups: [%s]
                          discord-roles: ["%s"]
                      targets:
                        cache:
                          type: redis
                          uri: %s/1
                        uploads:
                          type: files
                          paths: [%s]
                      backups:
                        storage: offsite
                        storages:
                          offsite:
                            type: s3
                            bucket: %s
                            endpoint: %s
                            region: us-east-1
                            access-key-id: %s
                            secret-access-key: "%s"
                    """.formatted(Served.OPERATORS, FakeDiscord.ROLE_ID, redis.uri(), uploads.getParent(),
                            s3.bucket("jar-backups"), s3.endpoint(), TestS3.ACCESS_KEY, TestS3.SECRET_KEY),
                    StandardCharsets.UTF_8);
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JAR.toString()).directory(tmp.toFile())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.matches("(SLACK|DISCORD|CARETAKER|DATASOURCES|REDIS|MICRONAUT)_.*"));
            env.put("MICRONAUT_CONFIG_FILES", tmp.resolve("caretaker.yml").toString());
            env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
            env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
            env.put("DATASOURCES_DEFAULT_URL", TestDatabase.freshDatabaseUrl());
            env.put("DATASOURCES_DEFAULT_USERNAME", "postgres");
            env.put("REDIS_URI", redis.uri());
            env.put("SLACK_BOT_TOKEN", FakeSlack.BOT_TOKEN);
            env.put("SLACK_SIGNING_SECRET", Served.SIGNING_SECRET);
            env.put("CARETAKER_SLACK_API_URL", slack.apiUrl());
            env.put("DISCORD_BOT_TOKEN", "fake-bot-token");
            env.put("CARETAKER_DISCORD_API_URL", discord.apiUrl());
            env.put("CARETAKER_DISCORD_GATEWAY_URL", discord.gatewayUrl());
            Process p = pb.start();
            Served served = new Served(p, port, slack, tmp.resolve("serve.log"));
            try {
                served.awaitHealthy(Duration.ofSeconds(240));
                HttpResponse<String> health = served.get("/health");
                assertEquals(200, health.statusCode(), health.body());
                assertTrue(health.body().contains("UP"), health.body());
                HttpResponse<String> metrics = served.get("/prometheus");
                assertEquals(200, metrics.statusCode());
                assertTrue(metrics.body().contains("jvm_memory_used_bytes") && metrics.body().contains("process_uptime_seconds"),
                        "micrometer's JVM and process binders are registered");

                // Slack: a slash command answered in the ack (Bolt, the Block Kit models)
                assertTrue(served.command(Served.VIEWER, "help").ack().contains("whoami"));
                // Lettuce against a redis target
                assertTrue(served.answer(Served.VIEWER, "cache stats", t -> t.contains("Hit rate since start")).contains("Redis"));
                // a confirmed command: the operator is found through usergroups.users.list; the click is a block action
                String preview = served.answer(Served.OPERATOR, "cache clear session:*", t -> t.contains("On Confirm"));
                String token = served.button(ButtonActions.CONFIRM, preview).path("value").asText();
                served.click(Served.OPERATOR, ButtonActions.CONFIRM, token, t -> t.contains("Deleted 2 keys matching"));
                assertEquals(List.of("user:1"), keys.sync().keys("*"), "the two session keys are gone, the other stays");
                // a files backup (commons-compress tar.gz) into an S3 bucket (the AWS SDK on the JDK's HTTP client)
                // and its verification by reading it back from there
                assertTrue(served.answer(Served.OPERATOR, "backup now uploads", t -> t.contains("was backed up")).contains("uploads"));
                assertEquals(1, s3.objects("jar-backups").stream().filter(n -> n.endsWith(".tar.gz")).count(),
                        s3.objects("jar-backups").toString());
                assertTrue(served.answer(Served.OPERATOR, "backup verify latest uploads", t -> t.contains("is proven"))
                        .contains("all 2 files"));
                // the Events API: an app mention answered with chat.postMessage
                served.mention(Served.VIEWER, "whoami");
                assertTrue(slack.await("chat.postEphemeral", c -> c.allText().contains("You are"), WAIT).allText()
                        .contains("*User id*\n" + Served.VIEWER));

                // Discord: the gateway session, the registered /ops tree and a slash command with its attached file
                discord.await("PUT", "/applications/\\d+/commands", WAIT);
                String id = discord.dispatchInteraction("interaction-create-slash.json", d -> d.with("data").putArray("options")
                        .addObject().put("name", "help").put("type", 1).putArray("options"));
                FakeDiscord.Recorded help = discord.await("PATCH", "/webhooks/\\d+/token-" + id + "/messages/@original", WAIT);
                assertTrue(help.json().get("embeds").get(0).toString().contains("help [command]"), help.json().toString());
                assertTrue(!help.fileNames().isEmpty(), "the full list is attached");
                assertEquals(List.of(), slack.violations());
                assertEquals(List.of(), discord.violations());
            } finally {
                served.stop();
            }
            String log = Files.readString(tmp.resolve("serve.log"), StandardCharsets.UTF_8);
            assertNoLinkageErrors(log);
            assertTrue(!log.contains(TestS3.SECRET_KEY), "the S3 secret key is in the jar's log");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** A class loader that sees the shaded jar and the JDK, nothing of the build's class path. */
    private static URLClassLoader jarOnly() throws IOException {
        return new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void assertNoLinkageErrors(String log) {
        for (String error : List.of("NoClassDefFoundError", "ClassNotFoundException", "NoSuchMethodError",
                "NoSuchFieldError", "LinkageError", "VerifyError", "IncompatibleClassChangeError",
                "ServiceConfigurationError", "TypeNotPresentException")) {
            assertTrue(!log.contains(error), () -> error + " in the jar's log:\n" + log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Set<String> classesIn(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).collect(Collectors.toSet());
        }
    }

    private static Optional<JsonNode> button(JsonNode node, String actionId) {
        if (node.isObject() && actionId.equals(node.path("action_id").asText())) {
            return Optional.of(node);
        }
        for (JsonNode child : node) {
            Optional<JsonNode> found = button(child, actionId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The jar's classes with what each names, and the classes of its runtime dependencies it no longer holds. */
    private static final class Index {
        /** Read once for the tests that need it (reading 20,000 class files takes a few seconds). */
        private static final class Once {
            static final Index INDEX = load();

            private static Index load() {
                try {
                    return new Index();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        final Set<String> jarClasses;
        final Map<String, ClassFileRefs> jarRefs;
        final List<Path> runtimeJars;
        final Set<String> dropped;

        private Index() throws IOException {
            Map<String, ClassFileRefs> refs = new TreeMap<>();
            try (ZipFile jar = new ZipFile(JAR.toFile())) {
                for (ZipEntry e : jar.stream().filter(e -> e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")
                        && !e.getName().endsWith("module-info.class")).toList()) {
                    try (InputStream in = jar.getInputStream(e)) {
                        ClassFileRefs r = ClassFileRefs.read(in.readAllBytes());
                        refs.put(r.name(), r);
                    }
                }
            }
            this.jarRefs = Map.copyOf(refs);
            this.jarClasses = Set.copyOf(refs.keySet());
            assertTrue(Files.exists(RUNTIME_CLASSPATH), RUNTIME_CLASSPATH + " is written by mvn verify (maven-dependency-plugin)");
            this.runtimeJars = Arrays.stream(Files.readString(RUNTIME_CLASSPATH).strip().split(java.io.File.pathSeparator))
                    .filter(s -> s.endsWith(".jar")).map(Path::of).toList();
            Set<String> gone = new HashSet<>();
            for (Path dependency : runtimeJars) {
                classesIn(dependency).stream().filter(c -> !jarClasses.contains(c)).forEach(gone::add);
            }
            this.dropped = Set.copyOf(gone);
        }

        static Index get() {
            return Once.INDEX;
        }
    }

    /** The running jar, and requests to it as Slack sends them. */
    private static final class Served {
        static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
        static final String VIEWER = "U0VIEW";
        static final String OPERATOR = "U0OPER";
        static final String OPERATORS = "S0OPS";
        static final String CHANNEL = "C0OPS";

        private final Process process;
        private final int port;
        private final FakeSlack slack;
        private final Path log;
        private final HttpClient http = HttpClient.newHttpClient();
        private final SlackRequestVerifier signer = new SlackRequestVerifier(Secret.of(SIGNING_SECRET), Clock.systemUTC());

        /** A slash command's ack body and the response URL it carried. */
        record Sent(String ack, String responseUrl) {
        }

        Served(Process process, int port, FakeSlack slack, Path log) {
            this.process = process;
            this.port = port;
            this.slack = slack;
            this.log = log;
        }

        void awaitHealthy(Duration within) throws Exception {
            Instant deadline = Instant.now().plus(within);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    fail("java -jar caretaker.jar ended (" + process.exitValue() + "):\n" + logText());
                }
                try {
                    if (get("/health").statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            fail("no healthy /health within " + within + ":\n" + logText());
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        Sent command(String user, String text) throws Exception {
            String responseUrl = slack.newResponseUrl();
            Map<String, String> form = new LinkedHashMap<>();
            form.put("token", "legacy-verification-token");
            form.put("team_id", FakeSlack.TEAM_ID);
            form.put("team_domain", "example");
            form.put("channel_id", CHANNEL);
            form.put("channel_name", "ops");
            form.put("user_id", user);
            form.put("user_name", user.toLowerCase());
            form.put("command", "/ops");
            form.put("text", text);
            form.put("api_app_id", "A0TEST");
            form.put("response_url", responseUrl);
            form.put("trigger_id", UUID.randomUUID().toString());
            HttpResponse<String> ack = post(form(form), "application/x-www-form-urlencoded");
            assertEquals(200, ack.statusCode(), text + ": " + ack.body());
            return new Sent(ack.body(), responseUrl);
        }

        /** Runs a command and answers the text Caretaker sent back (in the ack, to its response URL or the channel). */
        String answer(String user, String text, Predicate<String> done) throws Exception {
            Sent sent = command(user, text);
            return awaitAnswer(text, sent, done);
        }

        /** The button a message carried, from the ack or the Web API call whose text was {@code answered}. */
        JsonNode button(String actionId, String answered) throws IOException {
            List<JsonNode> bodies = new ArrayList<>();
            if (answered.startsWith("{")) {
                bodies.add(JSON.readTree(answered));
            }
            slack.calls().stream().filter(c -> c.allText().equals(answered)).map(SlackCall::json).forEach(bodies::add);
            return bodies.stream().map(b -> ShadedJarIT.button(b, actionId)).flatMap(Optional::stream).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + actionId + " button in " + answered));
        }

        void click(String user, String actionId, String value, Predicate<String> done) throws Exception {
            ObjectNode click = (ObjectNode) fixture("block-actions.json");
            ((ObjectNode) click.get("user")).put("id", user).put("name", user.toLowerCase());
            ((ObjectNode) click.get("container")).put("is_ephemeral", true);
            String responseUrl = slack.newResponseUrl();
            click.put("response_url", responseUrl);
            ((ObjectNode) click.get("actions").get(0)).put("action_id", actionId).put("value", value);
            HttpResponse<String> ack = post("payload=" + URLEncoder.encode(click.toString(), StandardCharsets.UTF_8),
                    "application/x-www-form-urlencoded");
            assertEquals(200, ack.statusCode(), ack.body());
            awaitAnswer("the " + actionId + " click", new Sent(ack.body(), responseUrl), done);
        }

        void mention(String user, String text) throws Exception {
            ObjectNode event = (ObjectNode) fixture("event-app-mention.json");
            ((ObjectNode) event.get("event")).put("user", user).put("text", "<@" + FakeSlack.BOT_USER_ID + "> " + text);
            event.put("event_id", "Ev" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase());
            HttpResponse<String> ack = post(event.toString(), "application/json");
            assertEquals(200, ack.statusCode(), ack.body());
        }

        private String awaitAnswer(String what, Sent sent, Predicate<String> done) throws Exception {
            String responsePath = URI.create(sent.responseUrl()).getPath();
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline)) {
                if (done.test(sent.ack())) {
                    return sent.ack();
                }
                for (SlackCall c : slack.calls()) {
                    if ((c.path().equals(responsePath) || c.method().startsWith("chat.")) && done.test(c.allText())) {
                        return c.allText();
                    }
                }
                Thread.sleep(100);
            }
            return fail(what + " was not answered as expected; ack " + sent.ack() + ", calls " + slack.calls()
                    + "\n" + logText());
        }

        private HttpResponse<String> post(String body, String contentType) throws IOException, InterruptedException {
            String timestamp = String.valueOf(Instant.now().getEpochSecond());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", contentType)
                    .header("X-Slack-Request-Timestamp", timestamp)
                    .header("X-Slack-Signature", signer.sign(timestamp, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private static JsonNode fixture(String name) throws IOException {
            try (InputStream in = ShadedJarIT.class.getResourceAsStream("/fixtures/slack/" + name)) {
                return JSON.readTree(in);
            }
        }

        private static String form(Map<String, String> fields) {
            return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        }

        private String logText() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stops the jar as an orchestrator would (SIGTERM), and waits for it. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
