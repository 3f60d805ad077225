package dev.caretaker.probe;

import java.time.Duration;
import java.util.List;

/**
 * The probes of one type of target ({@code http}, {@code postgres}, …): a bean in {@code probe.builtin} (or in the
 * package of a new kind), so the catalogue finds every kind without importing them.
 */
public interface ProbeKind {

    /** The target {@code type:} these probes check. */
    String type();

    /**
     * The probes of one target, with its settings and the interval and timeout already resolved.
     *
     * @throws IllegalArgumentException with a phrase naming the setting that cannot be used
     */
    List<Probe> probes(ProbeSettings settings, Duration interval, Duration timeout);
}
