package dev.caretaker.target.redis;

import java.util.Locale;
import java.util.Optional;

/** How the jobs of a {@code queue} target are kept in its broker. */
public enum QueueKind {
    /** Celery on Kombu's Redis transport: a list per queue (and per priority) of JSON envelopes. */
    CELERY,
    /** RQ: {@code rq:queue:<name>} lists of job ids, {@code rq:job:<id>} hashes, registries as sorted sets. */
    RQ,
    /** Any Redis list whose items are jobs; Caretaker reads only lengths and identities, never the items. */
    LIST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<QueueKind> fromId(String id) {
        for (QueueKind k : values()) {
            if (k.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
