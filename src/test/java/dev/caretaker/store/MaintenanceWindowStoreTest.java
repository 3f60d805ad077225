package dev.caretaker.store;

import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Maintenance windows in PostgreSQL: which target and time a window covers, and its start and end claimed once. */
class MaintenanceWindowStoreTest {

    private static final Instant T0 = Instant.parse("2025-10-20T10:00:00Z");
    private static ApplicationContext context;
    private static MaintenanceWindowStore store;

    @BeforeAll
    static void start() {
        context = TestContexts.start(Map.of("caretaker.probes.enabled", "false", "caretaker.alerts.timers", "false"));
        store = context.getBean(MaintenanceWindowStore.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static MaintenanceWindow window(List<String> targets, Map<String, String> matchers, Instant from, Duration d) {
        return store.create(new MaintenanceWindowStore.NewWindow("upgrade", targets, matchers, from, from.plus(d), "alice",
                "console"), from);
    }

    @Test
    void aWindowCoversItsTargetsDuringItsTimeOnly() {
        Instant from = T0.plus(Duration.ofDays(1));
        MaintenanceWindow w = window(List.of("api", "orders-db"), Map.of(), from, Duration.ofHours(1));
        assertEquals(List.of("api", "orders-db"), w.targets());
        assertTrue(store.covers("orders-db", from), "its start is covered");
        assertTrue(store.covers("api", from.plus(Duration.ofMinutes(59))));
        assertFalse(store.covers("api", from.plus(Duration.ofHours(1))), "its end is not");
        assertFalse(store.covers("api", from.minusSeconds(1)));
        assertFalse(store.covers("db", from.plus(Duration.ofMinutes(5))), "a target it does not name");
    }

    @Test
    void aWindowWithoutTargetsCoversEverythingButOneWithOnlyMatchersDoesNotCoverWholeTargets() {
        Instant from = T0.plus(Duration.ofDays(2));
        window(List.of(), Map.of("team", "payments"), from, Duration.ofHours(1));
        assertFalse(store.covers("db", from.plusSeconds(1)), "matchers select alerts, not whole targets");
        window(List.of(), Map.of(), from.plus(Duration.ofHours(2)), Duration.ofHours(1));
        assertTrue(store.covers("db", from.plus(Duration.ofHours(2))));
        assertTrue(store.covers("anything", from.plus(Duration.ofMinutes(150))));
    }

    @Test
    void labelsAreCoveredByTargetOrServiceOrByEveryMatcher() {
        MaintenanceWindow w = new MaintenanceWindow(1, "", List.of("api"), Map.of("team", "web", "env", "prod"), T0,
                T0.plusSeconds(60), "a", T0, null, null, null, null, null);
        assertTrue(w.coversLabels(Map.of("service", "api")));
        assertTrue(w.coversLabels(Map.of("target", "api", "alertname", "Down")));
        assertFalse(w.coversLabels(Map.of("target", "db")));
        assertTrue(w.coversLabels(Map.of("team", "web", "env", "prod", "target", "db")));
        assertFalse(w.coversLabels(Map.of("team", "web", "env", "staging")));
    }

    @Test
    void startAndEndAreEachClaimedOnce() {
        Instant from = T0.plus(Duration.ofDays(3));
        MaintenanceWindow w = window(List.of("api"), Map.of(), from, Duration.ofMinutes(30));
        assertTrue(store.dueToStart(from.minusSeconds(1)).stream().noneMatch(x -> x.id() == w.id()));
        assertTrue(store.dueToStart(from).stream().anyMatch(x -> x.id() == w.id()));
        assertTrue(store.markStarted(w.id(), from));
        assertFalse(store.markStarted(w.id(), from), "a second replica finds it started");
        assertTrue(store.byId(w.id()).orElseThrow().open());
        assertTrue(store.dueToClose(from.plus(Duration.ofMinutes(30))).stream().anyMatch(x -> x.id() == w.id()));
        assertTrue(store.markClosed(w.id(), from.plus(Duration.ofMinutes(30))));
        assertFalse(store.markClosed(w.id(), from.plus(Duration.ofMinutes(31))));
        assertFalse(store.byId(w.id()).orElseThrow().open());
    }

    @Test
    void endingEarlyMovesTheEndAndCancelsAWindowThatHasNotBegun() {
        Instant from = T0.plus(Duration.ofDays(4));
        MaintenanceWindow on = window(List.of("cache"), Map.of(), from, Duration.ofHours(2));
        assertTrue(store.endEarly(on.id(), from.plus(Duration.ofMinutes(10)), "bob"));
        MaintenanceWindow ended = store.byId(on.id()).orElseThrow();
        assertEquals(from.plus(Duration.ofMinutes(10)), ended.endsAt());
        assertEquals("bob", ended.endedBy());
        assertFalse(store.covers("cache", from.plus(Duration.ofMinutes(11))));
        assertFalse(store.endEarly(on.id(), from.plus(Duration.ofMinutes(20)), "bob"), "it is over already");

        MaintenanceWindow ahead = window(List.of("queue"), Map.of(), from.plus(Duration.ofHours(5)), Duration.ofHours(1));
        assertTrue(store.endEarly(ahead.id(), from, "bob"));
        MaintenanceWindow cancelled = store.byId(ahead.id()).orElseThrow();
        assertEquals(cancelled.startsAt(), cancelled.endsAt());
        assertFalse(store.covers("queue", from.plus(Duration.ofHours(5))));
    }
}
