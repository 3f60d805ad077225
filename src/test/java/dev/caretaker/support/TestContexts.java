package dev.caretaker.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** Starts application contexts for tests: a fresh database, no HTTP server unless asked, test config. */
public final class TestContexts {

    private TestContexts() {
    }

    /** Base properties: a fresh database, an empty commands directory, roles for three test people. */
    public static Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("datasources.default.url", TestDatabase.freshDatabaseUrl());
        p.put("datasources.default.username", "postgres");
        p.put("datasources.default.password", "");
        p.put("micronaut.server.port", -1);
        p.put("caretaker.commands-dir", "target/no-such-commands-dir");
        p.put("caretaker.roles.operator.slack-users", "U_OPERATOR,U_OPERATOR2");
        p.put("caretaker.roles.admin.slack-users", "U_ADMIN,U_ADMIN2");
        p.put("caretaker.roles.operator.discord-roles", "R_OPS");
        return p;
    }

    public static ApplicationContext start(Map<String, Object> overrides) {
        Map<String, Object> p = properties();
        p.putAll(overrides);
        return start(ApplicationContext.builder().deduceEnvironment(false).properties(p).environments("test"));
    }

    /** Starts a context; one whose start fails is stopped, scheduler included, before the failure goes on. */
    public static ApplicationContext start(ApplicationContextBuilder builder) {
        ApplicationContext context = builder.build();
        try {
            return context.start();
        } catch (RuntimeException | Error e) {
            // a start that fails part way (a bad setting) must not leave its scheduler running: its tasks would make
            // the failing beans again later and log the failure into whichever test runs then (a failure in a
            // start-up listener leaves the context neither running nor closable, so its scheduler is stopped by hand)
            context.findBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.SCHEDULED))
                    .ifPresent(ExecutorService::shutdownNow);
            if (context.isRunning()) {
                context.close();
            }
            throw e;
        }
    }
}
