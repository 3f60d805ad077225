package dev.caretaker.chat.slack;

import java.util.Objects;

/** A file to attach next to a message: the full text of a reply that did not fit, or a chart. */
public record SlackFile(String fileName, String title, byte[] content) {

    public SlackFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
    }
}
