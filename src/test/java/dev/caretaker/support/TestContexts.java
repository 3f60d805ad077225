package dev.caretaker.support;

import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;

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
        return ApplicationContext.builder().deduceEnvironment(false).properties(p).environments("test").start();
    }
}
