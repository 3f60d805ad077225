package dev.caretaker.probe;

import java.util.List;

/**
 * Probes a capability adds beside those of the target types ({@link ProbeKind}): checks of something Caretaker keeps
 * about a target rather than of the target itself, such as the age of its newest verified backup. A bean; the
 * {@link ProbeCatalog} adds its probes to every other.
 */
public interface ProbeProvider {

    List<Probe> probes();
}
