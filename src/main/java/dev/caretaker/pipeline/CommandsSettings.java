package dev.caretaker.pipeline;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * Where declared commands come from and how they are reloaded: {@code caretaker.commands-dir} and
 * {@code caretaker.commands.*} ({@code reload-poll} is read by the follower's schedule itself).
 *
 * @param dir            {@code caretaker.commands-dir}: the directory of {@code *.yml} command files
 * @param reloadOnSighup whether {@code kill -HUP} reloads the commands; it replaces the JVM's own reaction to HUP,
 *                       which is to shut down
 */
@ConfigurationProperties("caretaker.commands")
public record CommandsSettings(@NotBlank @Property(name = "caretaker.commands-dir") @Bindable(defaultValue = "commands")
                               String dir,
                               @Bindable(defaultValue = "true") boolean reloadOnSighup) {
}
