package dev.caretaker.reply;

import java.util.Objects;

/**
 * A button under a reply. {@code actionId} says what a click does (see {@link ButtonActions}),
 * {@code value} carries a short opaque token, never a secret or a command line.
 */
public record Button(String label, String actionId, String value, Style style) {

    /** Visual weight of a button. */
    public enum Style { DEFAULT, PRIMARY, DANGER }

    public Button {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(style, "style");
        if (label.isBlank()) {
            // neither platform shows a button without a label (Discord refuses the message): a bug in the caller
            throw new IllegalArgumentException("a button needs a label");
        }
    }
}
