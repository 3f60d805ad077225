package dev.caretaker.store;

import java.time.Instant;

/** A search of the audit log: optional user id or name, optional command name, since when, how many. */
public record AuditQuery(String user, String command, Instant since, int limit) {
}
