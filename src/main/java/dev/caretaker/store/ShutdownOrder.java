package dev.caretaker.store;

import io.micronaut.context.BeanContext;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.scheduling.processor.ScheduledMethodProcessor;
import jakarta.inject.Singleton;

/**
 * Stops every {@code @Scheduled} job when the application starts to shut down, before Micronaut destroys any bean.
 * Otherwise a job's tick that comes after its bean was destroyed creates it again, with the {@link Leadership} it
 * needs: a replica on its way out would take the scheduler lease back just after releasing it, and hold it (and a
 * new Redis connection) until it ran out, instead of handing it over at once.
 */
@Singleton
final class ShutdownOrder implements ApplicationEventListener<ShutdownEvent> {

    private final BeanContext context;

    ShutdownOrder(BeanContext context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        context.findBean(ScheduledMethodProcessor.class).ifPresent(ScheduledMethodProcessor::close);
    }
}
