package dev.caretaker.reply;

/** Who sees a reply: the whole channel, or only the person who asked (ephemeral). */
public enum Visibility {
    CHANNEL, REQUESTER
}
