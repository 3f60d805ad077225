package dev.caretaker.store;

import java.time.Instant;
import java.util.Map;

/** What the audit log records about one command: who, where, what (redacted), when. */
public record AuditEntry(String requestId, String platform, String userId, String userName, String channel,
                         String command, String commandLine, Map<String, String> args, Instant startedAt) {

    public AuditEntry {
        args = Map.copyOf(args);
    }
}
