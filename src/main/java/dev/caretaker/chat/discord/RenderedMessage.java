package dev.caretaker.chat.discord;

import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A reply as Discord will show it: embeds, button rows, attached files, and whether only the requester sees it.
 * Files are kept as bytes so each send (and each retry) gets fresh uploads; JDA consumes an upload once.
 */
public record RenderedMessage(List<MessageEmbed> embeds, List<ActionRow> rows, List<Attachment> files,
                              boolean ephemeral) {

    /** A file sent with the message. */
    public record Attachment(String fileName, byte[] data) {
        public Attachment {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(data, "data");
        }
    }

    /** Output and alert text may contain "@everyone" or role mentions; they must never ping anyone. */
    private static final Set<Message.MentionType> NO_MENTIONS = EnumSet.noneOf(Message.MentionType.class);

    public RenderedMessage {
        embeds = List.copyOf(embeds);
        rows = List.copyOf(rows);
        files = List.copyOf(files);
    }

    public MessageCreateData toCreateData() {
        return new MessageCreateBuilder().setEmbeds(embeds).setComponents(rows).setFiles(uploads())
                .setAllowedMentions(NO_MENTIONS).build();
    }

    /** Replaces everything of an earlier message, files and buttons included (none means none). */
    public MessageEditData toEditData() {
        return new MessageEditBuilder().setContent("").setEmbeds(embeds).setComponents(rows)
                .setFiles(uploads()).setAllowedMentions(NO_MENTIONS).setReplace(true).build();
    }

    private List<FileUpload> uploads() {
        return files.stream().map(f -> FileUpload.fromData(f.data(), f.fileName())).toList();
    }
}
