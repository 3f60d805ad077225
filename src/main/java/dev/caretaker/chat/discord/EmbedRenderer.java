package dev.caretaker.chat.discord;

import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Reply} into one Discord embed with button rows. When the reply does not fit Discord's limits
 * the embed shows a marked preview and the whole reply goes along as a text file: nothing is cut silently.
 */
public final class EmbedRenderer {

    // Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
    public static final int MAX_CONTENT_LENGTH = 2000;
    public static final int MAX_TITLE_LENGTH = 256;
    public static final int MAX_DESCRIPTION_LENGTH = 4096;
    public static final int MAX_FIELDS = 25;
    public static final int MAX_FIELD_NAME_LENGTH = 256;
    public static final int MAX_FIELD_VALUE_LENGTH = 1024;
    public static final int MAX_FOOTER_LENGTH = 2048;
    public static final int MAX_EMBED_TOTAL_LENGTH = 6000;
    public static final int MAX_EMBEDS = 10;
    public static final int MAX_ACTION_ROWS = 5;
    public static final int MAX_BUTTONS_PER_ROW = 5;
    public static final int MAX_CUSTOM_ID_LENGTH = 100;
    public static final int MAX_BUTTON_LABEL_LENGTH = 80;

    /** How much of an oversized reply the embed previews; small enough that title and footer always fit too. */
    public static final int PREVIEW_LENGTH = 1500;
    /** The file that carries a reply too big for an embed. */
    public static final String FULL_REPLY_FILE = "caretaker-reply.txt";

    /** Separates the action id from the token in a button's custom_id; action ids never contain it. */
    public static final char CUSTOM_ID_SEPARATOR = ':';

    private static final Logger LOG = LoggerFactory.getLogger(EmbedRenderer.class);
    private static final String FENCE = "```";

    public RenderedMessage render(Reply reply) {
        List<RenderedMessage.Attachment> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ActionRow> rows = rows(reply.buttons(), notes);

        EmbedBuilder embed = new EmbedBuilder().setColor(colour(reply.severity()));
        StringBuilder description = new StringBuilder();
        List<Block.Field> fields = new ArrayList<>();
        String imageFile = null;
        for (Block block : reply.blocks()) {
            // Java 17 has no pattern switch; the chain covers every permitted Block.
            if (block instanceof Block.Text t) {
                paragraph(description, t.text());
            } else if (block instanceof Block.Code c) {
                paragraph(description, fenced(c.text()));
            } else if (block instanceof Block.Table t) {
                paragraph(description, fenced(PlainText.table(t)));
            } else if (block instanceof Block.Fields f) {
                fields.addAll(f.fields());
            } else if (block instanceof Block.Image i) {
                files.add(new RenderedMessage.Attachment(i.fileName(), i.png()));
                if (imageFile == null) {
                    imageFile = i.fileName();
                }
            }
        }
        String title = reply.header();
        String footer = reply.footer();
        String noteText = String.join("\n", notes);
        if (!notes.isEmpty()) {
            paragraph(description, noteText);
        }
        if (fits(title, description.toString(), fields, footer)) {
            embed.setTitle(title).setDescription(description.length() == 0 ? null : description.toString());
            for (Block.Field f : fields) {
                embed.addField(f.name(), f.value(), f.value().length() <= 40);
            }
        } else {
            String full = PlainText.render(reply);
            files.add(0, new RenderedMessage.Attachment(FULL_REPLY_FILE, full.getBytes(StandardCharsets.UTF_8)));
            embed.setTitle(cut(title, MAX_TITLE_LENGTH))
                    .setDescription(preview(reply) + (notes.isEmpty() ? "" : "\n\n" + noteText));
            footer = cut(footer, MAX_FOOTER_LENGTH);
        }
        embed.setFooter(footer);
        if (imageFile != null) {
            embed.setImage("attachment://" + imageFile);
        }
        if (embed.isEmpty()) {
            embed.setDescription(DiscordMessages.discordEmptyReply());
        }
        return new RenderedMessage(List.of(embed.build()), rows, files, reply.visibility() == Visibility.REQUESTER);
    }

    /** The custom_id of a button: {@code <actionId>:<token>}. */
    public static String customId(Button button) {
        return button.actionId() + CUSTOM_ID_SEPARATOR + button.value();
    }

    static int colour(Severity severity) {
        return switch (severity) {
            case INFO -> 0x5865F2;
            case OK -> 0x57F287;
            case WARN -> 0xFEE75C;
            case CRITICAL -> 0xED4245;
        };
    }

    private static boolean fits(String title, String description, List<Block.Field> fields, String footer) {
        if (len(title) > MAX_TITLE_LENGTH || description.length() > MAX_DESCRIPTION_LENGTH
                || fields.size() > MAX_FIELDS || len(footer) > MAX_FOOTER_LENGTH) {
            return false;
        }
        int total = len(title) + description.length() + len(footer);
        for (Block.Field f : fields) {
            if (f.name().isEmpty() || f.name().length() > MAX_FIELD_NAME_LENGTH
                    || f.value().length() > MAX_FIELD_VALUE_LENGTH) {
                return false;
            }
            total += f.name().length() + f.value().length();
        }
        return total <= MAX_EMBED_TOTAL_LENGTH;
    }

    /** The first whole lines of the body as plain text, fenced, and a sentence saying where the rest is. */
    private static String preview(Reply reply) {
        String body = PlainText.render(new Reply(null, reply.severity(), reply.blocks(), List.of(),
                reply.visibility(), null));
        String[] lines = body.split("\n", -1);
        int total = body.endsWith("\n") ? lines.length - 1 : lines.length;
        StringBuilder shown = new StringBuilder();
        int count = 0;
        while (count < total && shown.length() + lines[count].length() + 1 <= PREVIEW_LENGTH) {
            shown.append(lines[count].replace(FENCE, "'''")).append('\n');
            count++;
        }
        String note = DiscordMessages.discordFullReplyAttached(count, total, FULL_REPLY_FILE);
        return count == 0 ? note : FENCE + "\n" + shown + FENCE + "\n" + note;
    }

    private List<ActionRow> rows(List<Button> buttons, List<String> notes) {
        List<net.dv8tion.jda.api.components.buttons.Button> usable = new ArrayList<>();
        int leftOut = 0;
        for (Button b : buttons) {
            String id = customId(b);
            if (id.length() > MAX_CUSTOM_ID_LENGTH || usable.size() == MAX_ACTION_ROWS * MAX_BUTTONS_PER_ROW) {
                // a token longer than Discord allows is a bug upstream; say so instead of sending a broken button
                LOG.error("Left out button {} (custom_id {} characters, {} buttons already)", b.actionId(),
                        id.length(), usable.size());
                leftOut++;
                continue;
            }
            usable.add(net.dv8tion.jda.api.components.buttons.Button.of(style(b.style()), id,
                    cut(b.label(), MAX_BUTTON_LABEL_LENGTH)));
        }
        if (leftOut > 0) {
            notes.add(DiscordMessages.discordButtonsLeftOut(leftOut));
        }
        List<ActionRow> rows = new ArrayList<>();
        for (int i = 0; i < usable.size(); i += MAX_BUTTONS_PER_ROW) {
            rows.add(ActionRow.of(usable.subList(i, Math.min(usable.size(), i + MAX_BUTTONS_PER_ROW))));
        }
        return rows;
    }

    private static ButtonStyle style(Button.Style style) {
        return switch (style) {
            case PRIMARY -> ButtonStyle.PRIMARY;
            case DANGER -> ButtonStyle.DANGER;
            case DEFAULT -> ButtonStyle.SECONDARY;
        };
    }

    private static void paragraph(StringBuilder out, String text) {
        if (out.length() > 0) {
            out.append("\n\n");
        }
        out.append(text.strip());
    }

    private static String fenced(String text) {
        // a fence inside the output would end the code block early
        return FENCE + "\n" + text.replace(FENCE, "'''").stripTrailing() + "\n" + FENCE;
    }

    /** Shortens visibly (ends with …); only used when the whole text also goes out as a file. */
    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }

    private static int len(String s) {
        return s == null ? 0 : s.length();
    }
}
