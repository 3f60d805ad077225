package dev.caretaker.digest;

import java.util.Objects;

/** What an automatic check found: whether the item is done, and one sentence of proof or of what is missing. */
public record Evidence(Verdict verdict, String text) {

    /** PASSED ticks the item; FAILED and UNKNOWN leave it open with the sentence beside it. */
    public enum Verdict { PASSED, FAILED, UNKNOWN }

    public Evidence {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(text, "text");
    }

    public static Evidence passed(String text) {
        return new Evidence(Verdict.PASSED, text);
    }

    public static Evidence failed(String text) {
        return new Evidence(Verdict.FAILED, text);
    }

    public static Evidence unknown(String text) {
        return new Evidence(Verdict.UNKNOWN, text);
    }
}
