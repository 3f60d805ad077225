package dev.caretaker.target.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a name someone typed into a {@link Relation} by asking the catalogue ({@code to_regclass}); a name
 * that is not there is {@link PostgresException.Kind#NOT_FOUND}, never SQL text.
 */
final class Relations {

    /** Plain or quoted identifiers, optionally schema-qualified; anything else is refused before any lookup. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*(\\.[\\p{L}_][\\p{L}\\p{N}_$]*)?"
            + "|\"[^\"]{1,63}\"(\\.\"[^\"]{1,63}\")?");
    private static final int MAX_NAME = 130;

    private static final String LOOKUP = "SELECT c.oid::bigint, quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
            + "CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END, c.relkind "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)";

    private final PostgresClient client;

    Relations(PostgresClient client) {
        this.client = client;
    }

    /** The relation of that name whose kind is one of {@code kinds} (pg_class.relkind letters). */
    Relation resolve(Connection c, String name, String kinds) throws SQLException, PostgresException {
        Optional<Relation> found = find(c, name);
        if (found.isEmpty() || kinds.indexOf(found.get().kind()) < 0) {
            throw PostgresException.notFound(client.name(), name);
        }
        return found.get();
    }

    Optional<Relation> find(Connection c, String name) throws SQLException {
        if (name == null || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        List<Relation> rows = client.query(c, LOOKUP, ps -> ps.setObject(1, name, Types.VARCHAR),
                rs -> new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0)));
        return rows.stream().findFirst();
    }

    /** The quoted name of a column of {@code table} whose type is a date or timestamp. */
    Optional<String> timestampColumn(Connection c, Relation table, String column) throws SQLException {
        List<String> rows = client.query(c, "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = ?::oid "
                        + "AND attname = ? AND attnum > 0 AND NOT attisdropped "
                        + "AND atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)",
                ps -> {
                    ps.setLong(1, table.oid());
                    ps.setString(2, column);
                }, rs -> rs.getString(1));
        return rows.stream().findFirst();
    }
}
