package dev.caretaker.action;

import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;

/** What an action produced: success or a failure users should see, each with its reply. */
public sealed interface ActionResult {

    Reply reply();

    record Ok(Reply reply) implements ActionResult {
    }

    /** The action could not do its job; {@code reply} says why in one sentence (no stack trace). */
    record Failed(Reply reply) implements ActionResult {
    }

    static ActionResult ok(Reply reply) {
        return new Ok(reply);
    }

    static ActionResult failed(String sentence) {
        return new Failed(Reply.builder().severity(Severity.WARN).text(sentence).build());
    }
}
