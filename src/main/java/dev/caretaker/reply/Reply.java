package dev.caretaker.reply;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A platform-neutral message: header, body blocks, buttons, severity and visibility.
 * Renderers in each adapter turn it into Block Kit, embeds or text and keep it within platform limits.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)   // every field, nulls and empty lists too: the shape the outbox has always stored
public record Reply(String header, Severity severity, List<Block> blocks, List<Button> buttons,
                    Visibility visibility, String footer) {

    public Reply {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(visibility, "visibility");
        blocks = List.copyOf(blocks);
        buttons = List.copyOf(buttons);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A one-sentence reply. */
    public static Reply text(String text) {
        return builder().text(text).build();
    }

    /** A one-sentence error, shown only to the person who asked. */
    public static Reply error(String text) {
        return builder().severity(Severity.WARN).visibility(Visibility.REQUESTER).text(text).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.header = header;
        b.severity = severity;
        b.blocks.addAll(blocks);
        b.buttons.addAll(buttons);
        b.visibility = visibility;
        b.footer = footer;
        return b;
    }

    /** Builds replies block by block. */
    public static final class Builder {
        private String header;
        private Severity severity = Severity.INFO;
        private final List<Block> blocks = new ArrayList<>();
        private final List<Button> buttons = new ArrayList<>();
        private Visibility visibility = Visibility.CHANNEL;
        private String footer;

        public Builder header(String header) {
            this.header = header;
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder visibility(Visibility visibility) {
            this.visibility = visibility;
            return this;
        }

        public Builder footer(String footer) {
            this.footer = footer;
            return this;
        }

        public Builder text(String text) {
            blocks.add(new Block.Text(text));
            return this;
        }

        public Builder fields(List<Block.Field> fields) {
            blocks.add(new Block.Fields(fields));
            return this;
        }

        public Builder table(List<String> columns, List<List<String>> rows) {
            blocks.add(new Block.Table(columns, rows));
            return this;
        }

        public Builder code(String text) {
            blocks.add(new Block.Code(text));
            return this;
        }

        public Builder image(String title, String fileName, byte[] png) {
            blocks.add(new Block.Image(title, fileName, png));
            return this;
        }

        public Builder block(Block block) {
            blocks.add(block);
            return this;
        }

        public Builder button(Button button) {
            buttons.add(button);
            return this;
        }

        public Reply build() {
            return new Reply(header, severity, blocks, buttons, visibility, footer);
        }
    }
}
