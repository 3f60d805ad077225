package dev.caretaker.config;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a singleton that only a serving Caretaker needs: a scheduled job, a probe loop, a chat connection, the outbox
 * notifier. The one-shot {@code run} never creates one (its Micronaut environment is {@link #ONE_SHOT}); a serving
 * Caretaker creates them all right after its HTTP server is up, so {@code /health} answers as soon as the database
 * does, and a failure while creating one still stops the start with its sentence ({@link ServingBeans}). Use it
 * instead of {@code @Context} for such beans.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Singleton
@Requires(notEnv = Serving.ONE_SHOT)
public @interface Serving {

    /** The Micronaut environment of the one-shot {@code run}: no {@link Serving} bean exists in it. */
    String ONE_SHOT = "one-shot";
}
