package dev.caretaker.reply;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Reply} as plain text: the console adapter prints it, and chat adapters attach it
 * as a file when a reply does not fit a message.
 */
public final class PlainText {

    private PlainText() {
    }

    public static String render(Reply reply) {
        StringBuilder out = new StringBuilder();
        if (reply.header() != null) {
            out.append(PlainTextMessages.marker(reply.severity())).append(reply.header()).append('\n');
        }
        for (Block block : reply.blocks()) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            // Java 17 has no pattern switch; the chain covers every permitted Block.
            if (block instanceof Block.Text t) {
                out.append(t.text()).append('\n');
            } else if (block instanceof Block.Fields f) {
                int width = f.fields().stream().mapToInt(x -> x.name().length()).max().orElse(0);
                for (Block.Field field : f.fields()) {
                    out.append(pad(field.name() + ":", width + 1)).append(' ').append(field.value()).append('\n');
                }
            } else if (block instanceof Block.Table t) {
                out.append(table(t));
            } else if (block instanceof Block.Code c) {
                out.append(c.text().endsWith("\n") ? c.text() : c.text() + "\n");
            } else if (block instanceof Block.Image i) {
                out.append(PlainTextMessages.chart(i.title(), i.fileName())).append('\n');
            }
        }
        if (!reply.buttons().isEmpty()) {
            List<String> labels = new ArrayList<>();
            for (Button b : reply.buttons()) {
                labels.add("[" + b.label() + "]");
            }
            out.append(String.join(" ", labels)).append('\n');
        }
        if (reply.footer() != null) {
            out.append(reply.footer()).append('\n');
        }
        return out.toString();
    }

    /** A table as aligned columns under a header row and a rule. */
    public static String table(Block.Table table) {
        int[] widths = new int[table.columns().size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = table.columns().get(c).length();
            for (List<String> row : table.rows()) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, table.columns(), widths);
        List<String> rule = new ArrayList<>();
        for (int w : widths) {
            rule.add("-".repeat(w));
        }
        appendRow(out, rule, widths);
        for (List<String> row : table.rows()) {
            appendRow(out, row, widths);
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append(c == cells.size() - 1 ? cells.get(c) : pad(cells.get(c), widths[c]));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
