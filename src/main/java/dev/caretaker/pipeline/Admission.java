package dev.caretaker.pipeline;

import dev.caretaker.command.CommandSpec;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A command after the checks that decide whether it may run at all (parse, dedup, authorize) and before anything
 * else happens: refused there, or admitted and waiting for {@link #proceed()}. A platform that must fix how an
 * answer is shown before the work starts (Discord's deferral) learns it here, from the same checks that decide.
 * Nothing is written before {@link #proceed()}: a refusal's audit row too waits for it.
 */
public final class Admission {

    private final CommandSpec command;
    private final Outcome refusal;
    private final Supplier<Outcome> rest;
    private final AtomicBoolean proceeded = new AtomicBoolean();

    private Admission(CommandSpec command, Outcome refusal, Supplier<Outcome> rest) {
        this.command = command;
        this.refusal = refusal;
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    /** Refused before the command was known (not understood, or an unexpected failure). */
    static Admission refused(Outcome refusal) {
        return new Admission(null, Objects.requireNonNull(refusal, "refusal"), () -> refusal);
    }

    /** Refused by a check; {@code record} audits and logs the refusal and answers it. */
    static Admission refused(CommandSpec command, Outcome refusal, Supplier<Outcome> record) {
        return new Admission(command, Objects.requireNonNull(refusal, "refusal"), record);
    }

    static Admission admitted(CommandSpec command, Supplier<Outcome> rest) {
        return new Admission(command, null, rest);
    }

    /** The command asked for; empty when the request could not be understood. */
    public Optional<CommandSpec> command() {
        return Optional.ofNullable(command);
    }

    /** Why the command will not run (not understood, a repeat, a missing role, the wrong channel); empty when admitted. */
    public Optional<Outcome> refusal() {
        return Optional.ofNullable(refusal);
    }

    /**
     * Runs the rest of the chain (cooldown, confirmation, approval, audit, metrics, the action) and answers its
     * outcome; a refused command records and answers its refusal. Blocks while the action runs; call it once.
     */
    public Outcome proceed() {
        if (!proceeded.compareAndSet(false, true)) {
            throw new IllegalStateException("an admitted command runs once");
        }
        return rest.get();
    }
}
