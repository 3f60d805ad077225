package dev.caretaker.command;

import java.util.Set;

/**
 * Published after {@code commands reload} replaced the commands in the {@link CommandRegistry}: which names came, went
 * or changed. Adapters that mirror the registry elsewhere (Discord's {@code /ops} tree) register it again.
 */
public record CommandsChanged(Set<String> added, Set<String> removed, Set<String> changed) {

    public CommandsChanged {
        added = Set.copyOf(added);
        removed = Set.copyOf(removed);
        changed = Set.copyOf(changed);
    }

    public boolean none() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
}
