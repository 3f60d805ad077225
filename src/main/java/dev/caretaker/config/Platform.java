package dev.caretaker.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A chat platform Caretaker talks to, named by the prefix of its channel addresses ({@code slack}, {@code discord},
 * {@code console}). Only the console is built in; every other platform is declared by its adapter package as a
 * {@link PlatformSpec} bean, and {@link Platforms} says which ones exist.
 */
public record Platform(String id) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** The local console: a shell on the bot's own machine, with no channel ids and no platform identities. */
    public static final Platform CONSOLE = new Platform("console");

    /**
     * Caretaker itself running a scheduled command ({@code caretaker.schedules[]}): not a chat platform, no channel
     * addresses; the caller's user id is the schedule's name and its one role is the schedule's {@code as}.
     */
    public static final Platform SCHEDULE = new Platform("schedule");

    public Platform {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a platform id is a lower-case word like slack, not " + id);
        }
    }

    /** The platform with this id when {@code id} has the shape of one; whether it exists is for {@link Platforms}. */
    public static Optional<Platform> fromId(String id) {
        return id != null && ID.matcher(id).matches() ? Optional.of(new Platform(id)) : Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
