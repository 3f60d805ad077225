package dev.caretaker.pipeline;

import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.Redactor;

import java.util.ArrayList;
import java.util.List;

/** Runs the {@link Redactor} over every piece of text in a reply before it leaves the process. */
final class ReplyRedaction {

    private ReplyRedaction() {
    }

    static Reply apply(Reply reply, Redactor r) {
        List<Block> blocks = new ArrayList<>();
        for (Block b : reply.blocks()) {
            if (b instanceof Block.Text t) {
                blocks.add(new Block.Text(r.redact(t.text())));
            } else if (b instanceof Block.Code c) {
                blocks.add(new Block.Code(r.redact(c.text())));
            } else if (b instanceof Block.Fields f) {
                blocks.add(new Block.Fields(f.fields().stream()
                        .map(x -> new Block.Field(x.name(), r.redact(x.value()))).toList()));
            } else if (b instanceof Block.Table t) {
                blocks.add(new Block.Table(t.columns(), t.rows().stream()
                        .map(row -> row.stream().map(r::redact).toList()).toList()));
            } else {
                blocks.add(b);
            }
        }
        Reply redacted = new Reply(r.redact(reply.header()), reply.severity(), blocks, reply.buttons(), reply.visibility(),
                r.redact(reply.footer()));
        // nothing masked: the reply itself goes on, so a renderer may recognise one it has seen (help, say)
        return redacted.equals(reply) ? reply : redacted;
    }
}
