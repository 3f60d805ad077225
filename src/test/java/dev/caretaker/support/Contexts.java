package dev.caretaker.support;

import io.micronaut.context.ApplicationContext;

import java.util.Map;

/** Like {@link TestContexts#start}, with extra singletons (a chat double, a fake clock) registered first. */
public final class Contexts {

    private Contexts() {
    }

    public static ApplicationContext start(Map<String, Object> overrides, Object... singletons) {
        Map<String, Object> p = TestContexts.properties();
        p.putAll(overrides);
        return TestContexts.start(ApplicationContext.builder().deduceEnvironment(false).properties(p)
                .environments("test").singletons(singletons));
    }
}
