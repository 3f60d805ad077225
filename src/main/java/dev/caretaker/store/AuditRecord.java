package dev.caretaker.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One row of the audit log as read back. */
public record AuditRecord(long id, String requestId, String platform, String userId, String userName,
                          String channel, String command, String commandLine, String decision, String outcome,
                          String detail, Instant startedAt, Instant finishedAt, Duration duration) {

    public Optional<Instant> finished() {
        return Optional.ofNullable(finishedAt);
    }
}
