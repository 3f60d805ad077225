package dev.caretaker.probe;

/** How a check came out, worst last so statuses compare by severity. */
public enum ProbeStatus {
    OK, WARN, CRITICAL
}
