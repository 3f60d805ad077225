package dev.caretaker.digest;

import dev.caretaker.reply.Block;

import java.util.List;

/** What a {@link DigestSection} contributes: reply blocks, and how many problems it found. */
public record Section(List<Block> blocks, int warnings, int criticals) {

    public static final Section EMPTY = new Section(List.of(), 0, 0);

    public Section {
        blocks = List.copyOf(blocks);
    }

    public static Section of(Block... blocks) {
        return new Section(List.of(blocks), 0, 0);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }
}
