package dev.caretaker.chat.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link Reply} into Block Kit within Slack's limits. What does not fit is never cut silently:
 * the message says what it shows and the whole reply goes along as a text file.
 */
public final class BlockKitRenderer {

    /** Blocks in one message. */
    public static final int MAX_BLOCKS = 50;
    /** Characters in a section's text. */
    public static final int MAX_SECTION_TEXT = 3_000;
    /** Characters in a header block. */
    public static final int MAX_HEADER_TEXT = 150;
    /** Fields in one section. */
    public static final int MAX_FIELDS = 10;
    /** Characters in one section field. */
    public static final int MAX_FIELD_TEXT = 2_000;
    /** Characters on a button. */
    public static final int MAX_BUTTON_TEXT = 75;
    /** Characters in a button's value. */
    public static final int MAX_BUTTON_VALUE = 2_000;
    /** Characters in an action id. */
    public static final int MAX_ACTION_ID = 255;
    /** Elements in one actions block. */
    public static final int MAX_ACTIONS_ELEMENTS = 25;
    /** Characters of the notification text; ours, shorter than Slack's 40,000, since blocks carry the content. */
    public static final int MAX_NOTIFICATION_TEXT = 300;

    private static final String FENCE = "```";
    // Slack markup that our own sentences carry on purpose (mentions of people and channels).
    private static final Pattern MENTION = Pattern.compile("<[@#][A-Z0-9]+(\\|[^<>]*)?>");

    /** The last reply rendered (without files) and its blocks: {@code help} answers with the same reply every time. */
    private volatile Rendered last;

    private record Rendered(Reply reply, SlackMessage message) {
    }

    /** Renders a reply; {@code ephemeral} replies cannot carry files, so they only say what is missing. */
    public SlackMessage render(Reply reply) {
        Rendered seen = last;
        if (seen != null && seen.reply() == reply) {
            return seen.message();
        }
        SlackMessage message = renderAnew(reply);
        if (!message.hasFiles()) {
            last = new Rendered(reply, message);
        }
        return message;
    }

    private SlackMessage renderAnew(Reply reply) {
        boolean ephemeral = reply.visibility() == Visibility.REQUESTER;
        Body body = new Body();
        List<SlackFile> files = new ArrayList<>();
        String emoji = emoji(reply.severity());

        List<LayoutBlock> head = new ArrayList<>();
        if (reply.header() != null) {
            String header = (emoji.isEmpty() ? "" : emoji + " ") + reply.header();
            if (header.length() <= MAX_HEADER_TEXT) {
                head.add(HeaderBlock.builder().text(plain(header)).build());
            } else {
                // Too long for a header block: a bold section shows all of it.
                body.text("*" + escape(header) + "*");
            }
            emoji = "";
        }
        for (Block block : reply.blocks()) {
            // Java 17 has no pattern switch; the chain covers every permitted Block.
            if (block instanceof Block.Text t) {
                body.text((emoji.isEmpty() ? "" : emoji + " ") + escape(t.text()));
                emoji = "";
            } else if (block instanceof Block.Fields f) {
                body.fields(f.fields());
            } else if (block instanceof Block.Table t) {
                body.table(t);
            } else if (block instanceof Block.Code c) {
                body.code(c.text());
            } else if (block instanceof Block.Image i) {
                String title = i.title() == null ? i.fileName() : i.title();
                files.add(new SlackFile(i.fileName(), title, i.png()));
                body.context(escape(SlackMessages.slackChartAttached(title)));
            }
        }

        List<LayoutBlock> tail = new ArrayList<>();
        if (!reply.buttons().isEmpty()) {
            tail.addAll(actions(reply.buttons()));
        }
        if (reply.footer() != null) {
            tail.add(context(escape(reply.footer())));
        }

        int room = MAX_BLOCKS - head.size() - tail.size() - 1; // one block stays free for the overflow note
        List<LayoutBlock> shown = body.blocks;
        boolean overflow = body.overflow;
        if (shown.size() > room) {
            shown = shown.subList(0, room);
            overflow = true;
        }
        List<LayoutBlock> blocks = new ArrayList<>(head);
        blocks.addAll(shown);
        if (overflow) {
            if (ephemeral) {
                blocks.add(context(escape(SlackMessages.slackOutputTooLongForPrivateReply())));
            } else {
                String fileName = fileName(reply);
                blocks.add(context(escape(SlackMessages.slackOutputAttached(fileName))));
                files.add(0, new SlackFile(fileName, reply.header() == null ? fileName : reply.header(),
                        PlainText.render(reply).getBytes(StandardCharsets.UTF_8)));
            }
        }
        blocks.addAll(tail);
        return new SlackMessage(notification(reply), blocks, ephemeral ? List.of() : files, ephemeral);
    }

    /** Collects body blocks and remembers whether anything had to be left out. */
    private static final class Body {
        private final List<LayoutBlock> blocks = new ArrayList<>();
        private boolean overflow;

        void text(String mrkdwn) {
            for (String chunk : split(mrkdwn, MAX_SECTION_TEXT)) {
                blocks.add(section(chunk));
            }
        }

        void context(String mrkdwn) {
            blocks.add(BlockKitRenderer.context(mrkdwn));
        }

        void fields(List<Block.Field> fields) {
            List<TextObject> current = new ArrayList<>();
            for (Block.Field field : fields) {
                String text = "*" + escape(field.name()) + "*\n" + escape(field.value());
                if (text.length() > MAX_FIELD_TEXT) {
                    text = text.substring(0, MAX_FIELD_TEXT - 1) + "…";
                    overflow = true;
                }
                current.add(markdown(text));
                if (current.size() == MAX_FIELDS) {
                    blocks.add(SectionBlock.builder().fields(current).build());
                    current = new ArrayList<>();
                }
            }
            if (!current.isEmpty()) {
                blocks.add(SectionBlock.builder().fields(current).build());
            }
        }

        void table(Block.Table table) {
            String all = escape(PlainText.table(table));
            if (fenced(all).length() <= MAX_SECTION_TEXT) {
                blocks.add(section(fenced(all)));
                return;
            }
            // Header row and rule, then as many rows as fit in one section.
            List<String> lines = all.lines().toList();
            int fit = linesThatFit(lines);
            if (fit > 2) {
                blocks.add(section(fenced(String.join("\n", lines.subList(0, fit)) + "\n")));
            }
            context(escape(SlackMessages.slackRowsShown(Math.max(0, fit - 2), table.rows().size())));
            overflow = true;
        }

        void code(String text) {
            String escaped = escape(text.endsWith("\n") ? text : text + "\n");
            if (fenced(escaped).length() <= MAX_SECTION_TEXT) {
                blocks.add(section(fenced(escaped)));
                return;
            }
            List<String> lines = escaped.lines().toList();
            int fit = linesThatFit(lines);
            if (fit == 0) {
                // One enormous line: show its start, the file has the rest.
                blocks.add(section(fenced(lines.get(0).substring(0, MAX_SECTION_TEXT - fenced("").length() - 2) + "…\n")));
            } else {
                blocks.add(section(fenced(String.join("\n", lines.subList(0, fit)) + "\n")));
            }
            context(escape(SlackMessages.slackLinesShown(fit, lines.size())));
            overflow = true;
        }

        /** How many whole lines fit in one fenced section. */
        private static int linesThatFit(List<String> lines) {
            int budget = MAX_SECTION_TEXT - fenced("").length();
            int used = 0;
            int count = 0;
            for (String line : lines) {
                if (used + line.length() + 1 > budget) {
                    break;
                }
                used += line.length() + 1;
                count++;
            }
            return count;
        }
    }

    private static List<LayoutBlock> actions(List<Button> buttons) {
        List<LayoutBlock> out = new ArrayList<>();
        List<BlockElement> elements = new ArrayList<>();
        for (Button b : buttons) {
            if (b.value().length() > MAX_BUTTON_VALUE || b.actionId().length() > MAX_ACTION_ID) {
                // A token or id this long is a bug upstream; refusing beats a button that cannot work.
                throw new IllegalArgumentException("button '" + b.label() + "' has a value or action id over Slack's limit");
            }
            String label = b.label().length() <= MAX_BUTTON_TEXT ? b.label()
                    : b.label().substring(0, MAX_BUTTON_TEXT - 1) + "…";
            ButtonElement.ButtonElementBuilder button = ButtonElement.builder()
                    .text(plain(label)).actionId(b.actionId()).value(b.value());
            if (b.style() == Button.Style.PRIMARY) {
                button.style("primary");
            } else if (b.style() == Button.Style.DANGER) {
                button.style("danger");
            }
            elements.add(button.build());
            if (elements.size() == MAX_ACTIONS_ELEMENTS) {
                out.add(ActionsBlock.builder().elements(elements).build());
                elements = new ArrayList<>();
            }
        }
        if (!elements.isEmpty()) {
            out.add(ActionsBlock.builder().elements(elements).build());
        }
        return out;
    }

    /** What notifications and screen readers show: the header or the first text, shortened. */
    static String notification(Reply reply) {
        String text = reply.header();
        if (text == null) {
            text = reply.blocks().stream().filter(Block.Text.class::isInstance).map(b -> ((Block.Text) b).text())
                    .findFirst().orElse("Caretaker");
        }
        String oneLine = escape(text.strip());
        return oneLine.length() <= MAX_NOTIFICATION_TEXT ? oneLine
                : oneLine.substring(0, MAX_NOTIFICATION_TEXT - 1) + "…";
    }

    /** The attached file's name, from the header so people can tell files apart: {@code caretaker-db-status.txt}. */
    static String fileName(Reply reply) {
        String base = reply.header() == null ? "output" : reply.header().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (base.isEmpty()) {
            base = "output";
        }
        return "caretaker-" + (base.length() > 40 ? base.substring(0, 40).replaceAll("-+$", "") : base) + ".txt";
    }

    /** Splits text into pieces of at most {@code max} characters, at line ends or spaces where it can; loses nothing. */
    static List<String> split(String text, int max) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf('\n', max);
            if (cut <= 0) {
                cut = rest.lastIndexOf(' ', max);
            }
            if (cut <= 0) {
                cut = max;
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            } else {
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut + 1);
            }
        }
        if (!rest.isEmpty() || out.isEmpty()) {
            out.add(rest.isEmpty() ? " " : rest);
        }
        return out;
    }

    /** Escapes Slack's control characters in plain text, keeping mentions our sentences make on purpose. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = MENTION.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(escapeAll(text.substring(last, m.start()))).append(m.group());
            last = m.end();
        }
        return out.append(escapeAll(text.substring(last))).toString();
    }

    private static String escapeAll(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String fenced(String text) {
        return FENCE + "\n" + text + FENCE;
    }

    private static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder().text(markdown(mrkdwn)).build();
    }

    private static ContextBlock context(String mrkdwn) {
        // a footer is anyone's text, and escaping lengthens it: cut to Slack's limit for the element
        String text = mrkdwn.length() <= MAX_SECTION_TEXT ? mrkdwn : mrkdwn.substring(0, MAX_SECTION_TEXT - 1) + "…";
        return ContextBlock.builder().elements(List.of(markdown(text))).build();
    }

    private static MarkdownTextObject markdown(String text) {
        return MarkdownTextObject.builder().text(text).build();
    }

    private static PlainTextObject plain(String text) {
        return PlainTextObject.builder().text(text).emoji(true).build();
    }

    private static String emoji(Severity severity) {
        return switch (severity) {
            case INFO -> "";
            case OK -> ":white_check_mark:";
            case WARN -> ":warning:";
            case CRITICAL -> ":rotating_light:";
        };
    }
}
