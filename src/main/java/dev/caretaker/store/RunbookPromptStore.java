package dev.caretaker.store;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;

import static dev.caretaker.store.Sql.instant;
import static dev.caretaker.store.Sql.ts;

/**
 * {@code runbook_prompts}: the buttons a runbook leaves in chat (an {@code ask:} step's Continue / Abort, a finished
 * runbook's Roll back). A decision is one conditional update on an open, unexpired prompt, so each works once,
 * whichever replica the click reaches.
 */
@Singleton
public class RunbookPromptStore {

    public static final String ASK = "ask";
    public static final String ROLLBACK = "rollback";

    /** One prompt as stored; {@code decision} is empty while it is open. */
    public record Prompt(String token, String kind, String requestId, String command, String channel, String role,
                         String commandLine, String text, Instant createdAt, Instant expiresAt,
                         Optional<String> decision, Optional<String> decidedBy) {
    }

    private static final String COLUMNS = "token, kind, request_id, command, channel, role, command_line, text, "
            + "created_at, expires_at, decision, decided_by";

    private final Sql sql;

    RunbookPromptStore(Sql sql) {
        this.sql = sql;
    }

    public void create(String token, String kind, String requestId, String command, String channel, String role,
                       String commandLine, String text, Instant createdAt, Instant expiresAt) {
        sql.update("record runbook prompt for " + requestId, "insert into runbook_prompts (" + COLUMNS.replace(
                ", decision, decided_by", "") + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, token);
                    ps.setString(2, kind);
                    ps.setString(3, requestId);
                    ps.setString(4, command);
                    ps.setString(5, channel);
                    ps.setString(6, role);
                    ps.setString(7, commandLine);
                    ps.setString(8, text == null ? "" : text);
                    ps.setTimestamp(9, ts(createdAt));
                    ps.setTimestamp(10, ts(expiresAt));
                });
    }

    public Optional<Prompt> find(String token) {
        return sql.first("read runbook prompt", "select " + COLUMNS + " from runbook_prompts where token = ?",
                ps -> ps.setString(1, token), rs -> new Prompt(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), Optional.ofNullable(rs.getString(11)),
                        Optional.ofNullable(rs.getString(12))));
    }

    /** Decides an open prompt that has not expired at {@code at}; false when it was decided already or has expired. */
    public boolean decide(String token, String decision, String by, Instant at) {
        return sql.update("decide runbook prompt", """
                update runbook_prompts set decision = ?, decided_by = ?, decided_at = ?
                where token = ? and decision is null and expires_at > ?""", ps -> {
                    ps.setString(1, decision);
                    ps.setString(2, by);
                    ps.setTimestamp(3, ts(at));
                    ps.setString(4, token);
                    ps.setTimestamp(5, ts(at));
                }) == 1;
    }

    /** Closes an open prompt nobody answered in time; false when someone decided it first. */
    public boolean expire(String token, Instant at) {
        return sql.update("expire runbook prompt", """
                update runbook_prompts set decision = 'expired', decided_by = 'caretaker', decided_at = ?
                where token = ? and decision is null""", ps -> {
                    ps.setTimestamp(1, ts(at));
                    ps.setString(2, token);
                }) == 1;
    }
}
