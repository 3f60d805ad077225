package dev.caretaker.digest;

import java.time.Duration;

import static dev.caretaker.reply.Format.echo;
import static dev.caretaker.reply.Format.humanPrecise;

/** What a digest reads around its sections, and the answers of the digest commands. */
final class DigestMessages {

    private DigestMessages() {
    }

    static String digestHeader(String day) {
        return "Daily digest, " + day;
    }

    static String digestHeaderLate(String day, String due) {
        return "Daily digest, " + day + " (late: it was due " + due + ")";
    }

    static String digestFooter(String at) {
        return "Composed " + at + ". `digest preview` shows it again, `digest now` posts it.";
    }

    static String digestSectionFailed(String section) {
        return "The " + section + " section could not be put together this time; the log has the details.";
    }

    static String digestComposing() {
        return "Putting the digest together…";
    }

    static String digestPosted(String channel, int probes, Duration took) {
        return "Posted the digest to " + channel + " (" + probes + " probes, composed in " + humanPrecise(took) + ").";
    }

    static String digestBadChannelArg(String text) {
        return "`" + echo(text) + "` is not a channel address; use slack:C0123ABCD, discord:112233445566778899 or console.";
    }
}
