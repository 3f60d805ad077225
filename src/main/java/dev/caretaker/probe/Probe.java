package dev.caretaker.probe;

import java.time.Duration;

/** A check of one target, run on its interval by the probe scheduler (on the lease holder only). */
public interface Probe {

    /** The target's name from config. */
    String target();

    /** The probe's name within the target ({@code http}, {@code disk}, …). */
    String name();

    Duration interval();

    Duration timeout();

    /** Runs the check; a failure to reach the target is a CRITICAL result, not an exception. */
    ProbeResult check();
}
