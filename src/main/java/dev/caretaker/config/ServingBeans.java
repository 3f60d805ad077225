package dev.caretaker.config;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;

/**
 * Creates the {@link Serving} beans: when the context has started, or, when the serving launcher defers them
 * ({@value #AFTER_SERVER}: true, so {@code /health} does not wait for them), when it calls {@link #start()} once its
 * HTTP server is up.
 */
@Singleton
@Requires(notEnv = Serving.ONE_SHOT)
public final class ServingBeans implements ApplicationEventListener<StartupEvent> {

    /** Set by the serving launcher: it starts the serving beans itself, after the HTTP server. */
    public static final String AFTER_SERVER = "caretaker.serving.after-server";

    private final BeanContext context;
    private final boolean afterServer;
    private boolean started;

    ServingBeans(BeanContext context, @Value("${" + AFTER_SERVER + ":false}") boolean afterServer) {
        this.context = context;
        this.afterServer = afterServer;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (!afterServer) {
            start();
        }
    }

    /** Creates every {@link Serving} bean not created yet; a failure propagates (the start stops with it). */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        for (BeanDefinition<?> definition : context.getBeanDefinitions(Qualifiers.byStereotype(Serving.class))) {
            context.getBean(definition);
        }
    }
}
