package dev.caretaker.alert;

import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What {@code probe run} says. */
final class ProbeRunMessages {

    private ProbeRunMessages() {
    }

    static String noProbes(String target, Set<String> targets) {
        return targets.isEmpty() ? "No target has probes; configure targets under caretaker.targets."
                : "`" + Format.echo(target) + "` is not a target with probes; use " + Format.orList(List.copyOf(targets))
                + ".";
    }

    static Reply results(String target, List<ProbeResult> results, boolean critical, boolean warn) {
        List<List<String>> rows = new ArrayList<>();
        for (ProbeResult r : results) {
            rows.add(List.of(r.probe(), r.status().name().toLowerCase(Locale.ROOT),
                    r.value() == null ? "" : number(r.value()) + (r.unit().isEmpty() ? "" : " " + r.unit()),
                    r.detail()));
        }
        String verdict = critical ? "critical" : warn ? "warning" : "ok";
        ProbeResult worst = results.stream().filter(r -> r.status() == (critical ? ProbeStatus.CRITICAL : ProbeStatus.WARN))
                .findFirst().orElse(null);
        Reply.Builder reply = Reply.builder().header("Probe " + target + ": " + verdict)
                .severity(critical ? Severity.CRITICAL : warn ? Severity.WARN : Severity.OK);
        if (worst != null) {
            reply.text(worst.probe() + " on " + target + " is " + verdict + ": " + worst.detail()
                    + (worst.value() == null ? "" : " (" + number(worst.value())
                    + (worst.unit().isEmpty() ? "" : " " + worst.unit()) + ")") + ".");
        }
        return reply.table(List.of("Probe", "Status", "Value", "Detail"), rows).build();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3f", v);
    }
}
