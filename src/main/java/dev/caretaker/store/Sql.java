package dev.caretaker.store;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.transaction.exceptions.TransactionException;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the repositories reach the database: on the connection of the caller's Micronaut transaction when one is
 * open (so their writes commit or roll back with it), otherwise on a pooled connection of their own, in autocommit.
 */
@Singleton
final class Sql {

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<R> {
        R run(Connection c) throws SQLException;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface Row<R> {
        R read(ResultSet rs) throws SQLException;
    }

    private final ConnectionOperations<Connection> connections;

    Sql(ConnectionOperations<Connection> connections) {
        this.connections = connections;
    }

    /** Runs {@code work}; a database error becomes a {@link StoreException} saying what could not be done. */
    <R> R run(String what, Work<R> work) {
        try {
            return connections.executeWrite(status -> {
                try {
                    return work.run(status.getConnection());
                } catch (SQLException e) {
                    throw new StoreException("could not " + what, e);
                }
            });
        } catch (CannotGetJdbcConnectionException | ConnectionException | TransactionException e) {
            // the database cannot be reached (no connection, or it went away before the commit): callers that can go on
            // without it (the audit's finish, the outbox) catch StoreException, so this must be one too
            throw new StoreException("could not " + what, e);
        }
    }

    /** Work on a connection that answers nothing. */
    @FunctionalInterface
    interface VoidWork {
        void run(Connection c) throws SQLException;
    }

    /** Like {@link #run}, for work that answers nothing. */
    void exec(String what, VoidWork work) {
        run(what, c -> {
            work.run(c);
            return null;
        });
    }

    /** Every row of a query. */
    <R> List<R> list(String what, String sql, Binder binder, Row<R> row) {
        return run(what, c -> list(c, sql, binder, row));
    }

    static <R> List<R> list(Connection c, String sql, Binder binder, Row<R> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<R> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        }
    }

    /** The first row of a query, if any. */
    <R> Optional<R> first(String what, String sql, Binder binder, Row<R> row) {
        return run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Runs one insert, update or delete; answers the rows it changed. */
    int update(String what, String sql, Binder binder) {
        return run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
