package dev.caretaker.security;

import java.util.Set;

/** Whether someone may run something, and if not, why. */
public sealed interface AccessDecision {

    Set<String> held();

    record Allowed(Set<String> held) implements AccessDecision {
    }

    record MissingRole(Set<String> held, String required) implements AccessDecision {
    }
}
