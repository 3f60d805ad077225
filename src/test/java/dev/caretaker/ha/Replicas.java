package dev.caretaker.ha;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.security.Caller;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.AuditQuery;
import dev.caretaker.store.AuditRecord;
import dev.caretaker.store.Leadership;
import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.RecordingAction;
import dev.caretaker.support.TestContexts;
import dev.caretaker.support.TestDatabase;
import dev.caretaker.support.TestRedis;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Several Caretaker replicas (application contexts) on one fresh PostgreSQL database and one embedded Redis, with the
 * pipeline test commands ({@link CommandFiles#PIPELINE}) on the recording action. Closes the replicas before Redis,
 * as a context closing against a dead Redis would wait for it.
 */
final class Replicas implements AutoCloseable {

    static final ChannelAddress OPS = ChannelAddress.parse("slack:COPS").orElseThrow();

    final TestRedis redis = new TestRedis();
    final String database = TestDatabase.freshDatabaseUrl();
    private final Path temp;
    private final List<ApplicationContext> contexts = new ArrayList<>();

    Replicas(Path temp) {
        this.temp = temp;
    }

    /** What every replica shares; {@code more} is applied on top. */
    Map<String, Object> properties(Map<String, Object> more) {
        Map<String, Object> p = TestContexts.properties();
        p.put("datasources.default.url", database);
        p.put("redis.uri", redis.uri());
        p.put("caretaker.commands-dir", CommandFiles.dir(temp, "test.yml", CommandFiles.PIPELINE).toString());
        p.put("caretaker.probes.enabled", "false");
        p.put("caretaker.outbox.poll", "50ms");
        p.putAll(more);
        return p;
    }

    /** Starts {@code n} replicas, one after another (as a rolling start does). */
    List<ApplicationContext> start(int n, Map<String, Object> more) {
        return start(n, more, ctx -> ctx);
    }

    List<ApplicationContext> start(int n, Map<String, Object> more, Function<ApplicationContext, ApplicationContext> after) {
        List<ApplicationContext> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ApplicationContext c = TestContexts.start(properties(new HashMap<>(more)));
            contexts.add(c);
            started.add(after.apply(c));
        }
        return started;
    }

    /** Starts one more replica with extra singletons registered first (a chat double, say). */
    ApplicationContext startWith(Map<String, Object> more, Object... singletons) {
        ApplicationContext c = Contexts.start(properties(new HashMap<>(more)), singletons);
        contexts.add(c);
        return c;
    }

    /** One command as an adapter hands it over, with the platform's delivery id. */
    static Outcome run(ApplicationContext replica, Caller who, String line, String deliveryId) {
        return replica.getBean(Dispatcher.class).dispatch(new CommandRequest(who, OPS, line, deliveryId));
    }

    /** How many times the recording action ran on all replicas with {@code say=<word>}. */
    long runs(String word) {
        return contexts.stream().flatMap(c -> c.getBean(RecordingAction.class).runs().stream())
                .filter(r -> r.args().string("say").orElse("").equals(word)).count();
    }

    /** The audit rows of {@code command} (newest first), read on the first replica. */
    List<AuditRecord> audit(String command) {
        return contexts.get(0).getBean(AuditLog.class).search(new AuditQuery(null, command,
                Instant.now().minus(Duration.ofHours(1)), 500));
    }

    /** The replicas that count themselves as the scheduler lease holder right now. */
    List<ApplicationContext> leaders() {
        return contexts.stream().filter(ApplicationContext::isRunning)
                .filter(c -> c.getBean(Leadership.class).isLeader()).toList();
    }

    @Override
    public void close() throws Exception {
        RuntimeException failed = null;
        for (ApplicationContext c : contexts) {
            try {
                if (c.isRunning()) {
                    c.close();
                }
            } catch (RuntimeException e) {
                // the other replicas and Redis are still closed
                failed = e;
            }
        }
        redis.close();
        if (failed != null) {
            throw failed;
        }
    }
}
