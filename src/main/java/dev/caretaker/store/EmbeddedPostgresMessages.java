package dev.caretaker.store;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** The sentences an operator reads when the embedded PostgreSQL cannot start on this machine or data directory. */
public final class EmbeddedPostgresMessages {

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./=:@%+-]+");

    private EmbeddedPostgresMessages() {
    }

    /** No bundled PostgreSQL exists for this operating system or processor at all. */
    static String unsupportedPlatform(String os, String arch) {
        return "The embedded PostgreSQL runs only on Linux amd64 and arm64 and this machine is " + os + " " + arch
                + "; set DATASOURCES_DEFAULT_URL (with _USERNAME and _PASSWORD) to a PostgreSQL server of your own.";
    }

    /** This jar was built without the binaries for this machine's processor. */
    static String binariesNotInThisBuild(String platform, String build) {
        return "This build of Caretaker carries no embedded PostgreSQL for " + platform + "; build the jar for it "
                + "with `" + build + "`, or set DATASOURCES_DEFAULT_URL (with _USERNAME and _PASSWORD) to a PostgreSQL "
                + "server of your own.";
    }

    /**
     * The data directory was made by an older PostgreSQL: it is left untouched and the sentence names the
     * commands that upgrade it with PostgreSQL's own {@code pg_upgrade} (Debian / Ubuntu package layout).
     */
    static String olderDataDirectory(Path dataDir, String found, int bundled) {
        Path parent = dataDir.getParent();
        String name = dataDir.getFileName().toString();
        String old = name + "-" + found;
        String newBin = "/usr/lib/postgresql/" + bundled + "/bin";
        return "The embedded database in " + dataDir + " was created by PostgreSQL " + found + " and this Caretaker "
                + "runs PostgreSQL " + bundled + ", so it left the directory untouched; with no Caretaker running and the "
                + "postgresql-" + found + " and postgresql-" + bundled + " server packages installed, upgrade it as the "
                + "user who runs Caretaker with `cd " + quote(parent.toString()) + " && mv " + quote(name) + " "
                + quote(old) + " && " + newBin + "/initdb -D " + quote(name) + " -U postgres -A trust -E UTF-8 && "
                + newBin + "/pg_upgrade -b /usr/lib/postgresql/" + found + "/bin -B " + newBin + " -d " + quote(old)
                + " -D " + quote(name) + " -U postgres` (docs/embedded-postgres.md explains each step; " + quote(old)
                + " stays as it was), or set DATASOURCES_DEFAULT_URL to a PostgreSQL server that holds your data.";
    }

    /** The data directory was made by a newer PostgreSQL than the one this Caretaker bundles. */
    static String newerDataDirectory(Path dataDir, String found, int bundled) {
        return "The embedded database in " + dataDir + " was created by PostgreSQL " + found + ", newer than this "
                + "Caretaker's PostgreSQL " + bundled + ", so it left the directory untouched; run the Caretaker version "
                + "that created it, or set DATASOURCES_DEFAULT_URL to a PostgreSQL server that holds your data.";
    }

    /** The data directory's {@code PG_VERSION} cannot be read as a PostgreSQL major. */
    static String unreadableVersion(Path dataDir) {
        return "The embedded database in " + dataDir + " has a PG_VERSION file that names no PostgreSQL version, so "
                + "Caretaker left the directory untouched; move it aside and start again for a new empty database, or "
                + "set caretaker.embedded-postgres.data-dir to another directory.";
    }

    /** Quotes a path for a POSIX shell when it needs it, so the printed command can be pasted as it is. */
    private static String quote(String text) {
        return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
