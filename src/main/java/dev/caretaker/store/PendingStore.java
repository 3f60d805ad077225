package dev.caretaker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Confirmations and approvals in PostgreSQL, so any replica can answer a button click. Tokens are
 * single use: resolving is one conditional UPDATE, so two clicks (or two replicas) cannot both win.
 */
@Singleton
public class PendingStore {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int TOKEN_LENGTH = 10;
    private static final String COLUMNS = """
            token, kind, request_id, platform, user_id, user_name, user_groups, channel, command, command_line,
            required_role, approvals_needed, approved_by, created_at, expires_at""";

    private final Sql sql;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    PendingStore(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    /** A new unguessable token, short enough to type ({@code confirm k7f3q9zx2m}). */
    public String newToken() {
        StringBuilder t = new StringBuilder(TOKEN_LENGTH);
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            t.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return t.toString();
    }

    public void create(PendingInvocation p) {
        sql.exec("store pending request " + p.requestId(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into pending_invocations (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
                ps.setString(1, p.token());
                ps.setString(2, p.kind());
                ps.setString(3, p.requestId());
                ps.setString(4, p.platform());
                ps.setString(5, p.userId());
                ps.setString(6, p.userName());
                ps.setArray(7, c.createArrayOf("text", p.userGroups().toArray()));
                ps.setString(8, p.channel());
                ps.setString(9, p.command());
                ps.setString(10, p.commandLine());
                ps.setString(11, p.requiredRole());
                ps.setInt(12, p.approvalsNeeded());
                ps.setString(13, toJson(p.approvedBy()));
                ps.setTimestamp(14, Timestamp.from(p.createdAt()));
                ps.setTimestamp(15, Timestamp.from(p.expiresAt()));
                ps.executeUpdate();
            }
        });
    }

    /** The pending request if it is still open at {@code now}. */
    public Optional<PendingInvocation> findOpen(String token, Instant now) {
        return one("select " + COLUMNS + " from pending_invocations where token = ? and resolved_at is null and expires_at > ?",
                token, Timestamp.from(now));
    }

    /** Closes the request once; empty when it was closed already, expired, or never existed. */
    public Optional<PendingInvocation> resolve(String token, String resolution, Instant now) {
        return one("update pending_invocations set resolved_at = ?, resolution = ? "
                        + "where token = ? and resolved_at is null and expires_at > ? returning " + COLUMNS,
                Timestamp.from(now), resolution, token, Timestamp.from(now));
    }

    /** Adds an approver once; empty when the request is closed or this person approved already. */
    public Optional<PendingInvocation> addApproval(String token, PendingInvocation.Approver approver, Instant now) {
        String one = toJson(List.of(approver));
        String key = toJson(List.of(java.util.Map.of("key", approver.key())));
        return one("update pending_invocations set approved_by = approved_by || ?::jsonb "
                        + "where token = ? and resolved_at is null and expires_at > ? and not approved_by @> ?::jsonb "
                        + "returning " + COLUMNS,
                one, token, Timestamp.from(now), key);
    }

    private Optional<PendingInvocation> one(String query, Object... params) {
        return sql.run("read or update a pending request", c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    private PendingInvocation read(ResultSet rs) throws SQLException {
        Array groups = rs.getArray("user_groups");
        Set<String> groupSet = groups == null ? Set.of() : Set.of((String[]) groups.getArray());
        return new PendingInvocation(rs.getString("token"), rs.getString("kind"), rs.getString("request_id"),
                rs.getString("platform"), rs.getString("user_id"), rs.getString("user_name"), groupSet,
                rs.getString("channel"), rs.getString("command"), rs.getString("command_line"),
                rs.getString("required_role"), rs.getInt("approvals_needed"), fromJson(rs.getString("approved_by")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant());
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("approvers are plain records and always serialise", e);
        }
    }

    private List<PendingInvocation.Approver> fromJson(String text) {
        try {
            return json.readValue(text, new TypeReference<List<PendingInvocation.Approver>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("approved_by holds malformed JSON", e);
        }
    }
}
