package dev.caretaker.backup;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.digest.Cron;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How one target is backed up ({@code caretaker.backups.targets.<name>}, over the defaults under
 * {@code caretaker.backups}): where to, in which format, on which schedule, whether each backup is verified, how long
 * backups are kept, and when the freshness probe warns.
 *
 * @param schedule     the cron of scheduled backups; empty for targets that are only backed up on request
 * @param verifyTarget the postgres target whose server restores verification copies; empty: the target's own server
 * @param keep         backups older than this are pruned ...
 * @param keepVerified ... except the newest this many verified ones
 * @param channel      where scheduled backups report; empty: they post nothing but their alerts
 */
public record BackupSettings(String target, String storage, Format format, Optional<Cron> schedule, ZoneId zone,
                             boolean verify, Optional<String> verifyTarget, Duration keep, int keepVerified,
                             Optional<ChannelAddress> channel, Duration warnAfter, Duration criticalAfter) {

    /** How a database is dumped: {@code pg_dump}'s custom format, or plain SQL compressed with gzip. */
    public enum Format {
        CUSTOM("custom", ".dump"), PLAIN("plain-gzip", ".sql.gz"), TAR("tar-gzip", ".tar.gz");

        private final String id;
        private final String extension;

        Format(String id, String extension) {
            this.id = id;
            this.extension = extension;
        }

        /** The name in the catalogue. */
        public String id() {
            return id;
        }

        public String extension() {
            return extension;
        }

        public static Optional<Format> fromId(String id) {
            for (Format f : values()) {
                if (f.id.equals(id)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** Whether the schedule backs this target up. */
    public boolean scheduled() {
        return schedule.isPresent();
    }
}
