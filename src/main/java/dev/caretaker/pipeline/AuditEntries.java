package dev.caretaker.pipeline;

import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Redactor;
import dev.caretaker.store.AuditEntry;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns an invocation into what the audit log stores, with secrets redacted. */
final class AuditEntries {

    private static final int DETAIL_MAX = 500;

    private AuditEntries() {
    }

    static AuditEntry of(Invocation inv, Redactor redactor) {
        Map<String, String> args = new LinkedHashMap<>();
        inv.args().asMap().keySet().forEach(k -> args.put(k, redactor.redact(inv.args().display(k))));
        return new AuditEntry(inv.requestId(), inv.caller().platform().id(), inv.caller().userId(),
                inv.caller().displayName(), inv.channel().toString(), inv.command().name(),
                redactor.redact(inv.commandLine()), args, inv.receivedAt());
    }

    /** The first sentence of a reply, for the audit {@code detail} column. */
    static String detail(Reply reply) {
        for (Block b : reply.blocks()) {
            if (b instanceof Block.Text t) {
                return t.text().length() <= DETAIL_MAX ? t.text() : t.text().substring(0, DETAIL_MAX);
            }
        }
        return reply.header();
    }
}
