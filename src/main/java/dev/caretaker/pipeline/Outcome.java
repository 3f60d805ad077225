package dev.caretaker.pipeline;

import dev.caretaker.reply.Reply;

/**
 * What became of a command: adapters render {@link #reply()} and the one-shot runner maps it to an exit code.
 */
public sealed interface Outcome {

    Reply reply();

    /** The action ran and succeeded. */
    record Completed(Reply reply) implements Outcome {
    }

    /** The action ran and failed (or timed out). */
    record Failed(Reply reply) implements Outcome {
    }

    /** The text could not be understood; the reply has the usage. */
    record Rejected(Reply reply) implements Outcome {
    }

    /** Access refused: missing role, wrong channel, cooldown, or a confirmation that is not theirs. */
    record Denied(Reply reply) implements Outcome {
    }

    /** Waiting for a confirmation or other people's approval ({@code approval}); {@code token} answers it. */
    record Pending(Reply reply, String token, boolean approval) implements Outcome {

        public Pending(Reply reply, String token) {
            this(reply, token, false);
        }
    }

    /** A repeat of a delivery already handled; adapters answer quietly. */
    record Duplicate(Reply reply) implements Outcome {
    }

    /** The exit code of {@code caretaker run}: 0 ok, 1 the action failed, 2 usage error, denied or pending. */
    default int exitCode() {
        if (this instanceof Completed || this instanceof Duplicate) {
            return 0;
        }
        return this instanceof Failed ? 1 : 2;
    }
}
