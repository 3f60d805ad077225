package dev.caretaker.action.custom.logs;

import dev.caretaker.security.Redactor;

import java.util.regex.Pattern;

/**
 * Makes one raw log line fit to show, newest line first: terminal colour codes and other control characters out,
 * very long lines cut, secrets masked by the {@link Redactor}, and every line of a private key block masked (the
 * Redactor sees one line at a time here, so the block is tracked across lines: its END line comes first when reading
 * newest first). Masking happens before {@code grep}, so a pattern cannot probe for a secret's value.
 */
final class LineScrubber {

    /** Longer lines are cut; the reply shows a log, not a dump. */
    static final int MAX_LINE_CHARS = 2000;
    /** The most of one line the Redactor reads: bounds its work on a line that never ends. */
    static final int MAX_REDACTED_CHARS = 64 * 1024;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\t]]");
    private static final Pattern KEY_END = Pattern.compile("-----END [A-Z ]*PRIVATE KEY-----");
    private static final Pattern KEY_BEGIN = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

    private final Redactor redactor;
    private boolean insideKey;

    LineScrubber(Redactor redactor) {
        this.redactor = redactor;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** The next line, reading from the newest towards the oldest. */
    String scrub(String raw) {
        String line = hasControl(raw) ? CONTROL.matcher(ANSI.matcher(raw).replaceAll("")).replaceAll("") : raw;
        // most lines hold neither marker: one plain search spares them both patterns
        boolean marker = line.contains("PRIVATE KEY-----");
        boolean end = marker && KEY_END.matcher(line).find();
        boolean begin = marker && KEY_BEGIN.matcher(line).find();
        if (end && !begin) {
            insideKey = true;
            return Redactor.MASK;
        }
        if (insideKey) {
            if (begin) {
                insideKey = false;
            }
            return Redactor.MASK;
        }
        // masked before it is cut, so a cut never leaves the start of a secret the Redactor no longer recognises
        String masked = redactor.redact(line.length() > MAX_REDACTED_CHARS ? line.substring(0, MAX_REDACTED_CHARS) : line);
        return masked.length() > MAX_LINE_CHARS ? masked.substring(0, MAX_LINE_CHARS) + "…" : masked;
    }
}
