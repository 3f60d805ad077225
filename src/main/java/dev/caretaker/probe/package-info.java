/** Checks of targets: {@link dev.caretaker.probe.Probe}, {@link dev.caretaker.probe.ProbeResult}, the scheduler, consecutive-failure tracking. */
package dev.caretaker.probe;
