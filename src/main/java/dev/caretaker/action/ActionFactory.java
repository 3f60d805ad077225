package dev.caretaker.action;

import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;

import java.util.List;

/**
 * Builds actions for one declared kind ({@code sql}, {@code http}, {@code exec}, {@code redis}) from the
 * settings in {@code commands/*.yml}; {@link #validate} reports problems at boot, before anyone runs it.
 */
public interface ActionFactory {

    /** The {@code kind:} this factory serves. */
    String kind();

    /** Problems with the declaration, one sentence each; empty when it can run. */
    List<String> validate(CommandSpec spec);

    /**
     * Like {@link #validate(CommandSpec)}, for a kind whose declaration names other commands (a runbook's steps):
     * {@code commands} is the whole set being loaded, built-ins and every file, before it is in use.
     */
    default List<String> validate(CommandSpec spec, CommandRegistry commands) {
        return validate(spec);
    }

    Action create(CommandSpec spec);
}
