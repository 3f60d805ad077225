package dev.caretaker.target.postgres;

import org.postgresql.Driver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How the PostgreSQL client programs ({@code pg_dump}, {@code pg_restore}, {@code psql}) reach a target's server: host,
 * port, database and user as arguments, the password only in the child's {@code PGPASSWORD} (never in an argument,
 * where {@code ps} would show it). {@link #toString()} never shows the password.
 */
public record Libpq(String host, int port, String database, String user, String password, String sslMode) {

    public Libpq {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
    }

    /**
     * Reads a JDBC URL ({@code jdbc:postgresql://host:port/db?sslmode=...}) with the user and password configured
     * beside it (either may also be in the URL). With several hosts, the first is used.
     */
    static Libpq fromJdbc(String url, String user, String password) {
        Properties p = Driver.parseURL(url, null);
        if (p == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        String host = first(p.getProperty("PGHOST", "localhost"));
        int port = Integer.parseInt(first(p.getProperty("PGPORT", "5432")));
        String u = user != null && !user.isBlank() ? user : p.getProperty("user");
        String pw = password != null && !password.isEmpty() ? password : p.getProperty("password");
        return new Libpq(host, port, p.getProperty("PGDBNAME", u == null ? "postgres" : u), u, pw,
                p.getProperty("sslmode"));
    }

    private static String first(String commaSeparated) {
        int comma = commaSeparated.indexOf(',');
        return comma < 0 ? commaSeparated : commaSeparated.substring(0, comma);
    }

    /** The same server and credentials, another database. */
    public Libpq withDatabase(String other) {
        return new Libpq(host, port, other, user, password, sslMode);
    }

    /**
     * The connection arguments: {@code --host}, {@code --port}, {@code --username}, and {@code --dbname} as a
     * connection string whose value is quoted, so a database name with spaces, quotes or {@code =} stays a name.
     */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        args.add("--host=" + host);
        args.add("--port=" + port);
        if (user != null && !user.isBlank()) {
            args.add("--username=" + user);
        }
        args.add("--dbname=dbname=" + quoted(database));
        args.add("--no-password");
        return args;
    }

    /**
     * The child's environment: {@code PGPASSWORD}, {@code PGSSLMODE}, {@code PGAPPNAME}, {@code PGCONNECT_TIMEOUT}.
     * The caller removes the inherited {@code PG*} variables first, so a stray {@code PGSERVICE} cannot redirect it.
     */
    public Map<String, String> environment(String applicationName, int connectTimeoutSeconds) {
        Map<String, String> env = new LinkedHashMap<>();
        if (password != null && !password.isEmpty()) {
            env.put("PGPASSWORD", password);
        }
        if (sslMode != null && !sslMode.isBlank()) {
            env.put("PGSSLMODE", sslMode);
        }
        env.put("PGAPPNAME", applicationName);
        env.put("PGCONNECT_TIMEOUT", String.valueOf(Math.max(2, connectTimeoutSeconds)));
        return env;
    }

    /** A libpq connection-string value in single quotes, with quotes and backslashes escaped. */
    static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** {@code host:port/database}, for people and logs. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "Libpq[" + (user == null ? "" : user + "@") + describe() + ", password=****]";
    }
}
