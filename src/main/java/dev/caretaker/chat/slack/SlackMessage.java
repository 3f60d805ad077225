package dev.caretaker.chat.slack;

import com.slack.api.model.block.LayoutBlock;

import java.util.List;

/**
 * A reply as Slack shows it: the notification {@code text}, Block Kit {@code blocks} within Slack's limits,
 * {@code files} to attach next to it, and whether only the requester sees it.
 */
public record SlackMessage(String text, List<LayoutBlock> blocks, List<SlackFile> files, boolean ephemeral) {

    public SlackMessage {
        blocks = List.copyOf(blocks);
        files = List.copyOf(files);
    }

    public boolean hasFiles() {
        return !files.isEmpty();
    }
}
