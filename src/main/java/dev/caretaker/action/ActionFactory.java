package dev.caretaker.action;

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

    Action create(CommandSpec spec);
}
