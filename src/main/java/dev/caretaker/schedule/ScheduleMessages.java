package dev.caretaker.schedule;

import dev.caretaker.reply.Block;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;
import dev.caretaker.store.ScheduleStore;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What scheduled commands tell people: configuration problems, the posted results, and the {@code schedule} commands. */
final class ScheduleMessages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", Locale.ENGLISH);
    private static final int DETAIL_MAX = 500;

    private ScheduleMessages() {
    }

    // ---- configuration -----------------------------------------------------------------------------------------

    static String badName(String key, String given) {
        return "The schedule " + key + " needs a `name` (" + key + ".name) of lower-case letters, digits and dashes, "
                + "like nightly-retention" + (given == null || given.isBlank() ? "" : ", not `" + Format.echo(given) + "`")
                + ".";
    }

    static String duplicateName(String key, String name) {
        return "Two schedules are called `" + name + "` (" + key + ".name); give each its own name.";
    }

    static String badCron(String key, String problem) {
        return "The setting `" + key + ".cron` is not a schedule: " + stripDot(problem) + ".";
    }

    static String badZone(String key, String zone) {
        return "The setting `" + key + ".zone` is `" + Format.echo(zone) + "`, which is not a time zone; use a name like "
                + "Europe/Berlin or UTC.";
    }

    static String badChannel(String key, String channel) {
        return "The setting `" + key + ".channel` " + (channel.isBlank() ? "is missing"
                : "is `" + Format.echo(channel) + "`, which is not a channel address")
                + "; use slack:C0123ABCD, discord:112233445566778899 or console.";
    }

    static String badRole(String key, String as, Collection<String> known) {
        return "The setting `" + key + ".as` " + (as == null ? "is missing" : "names the role `" + Format.echo(as)
                + "`, which is not configured") + "; a schedule runs with one of " + String.join(", ", known) + ".";
    }

    static String badQuiet(String key, String quiet) {
        return "The setting `" + key + ".quiet` is `" + Format.echo(quiet) + "`; use true or false.";
    }

    static String noCommand(String key) {
        return "The setting `" + key + ".command` is missing; give the command line to run, like `db analyze`.";
    }

    static String needsApproval(String key, String name, String command) {
        return "The schedule `" + name + "` (" + key + ".command) runs `" + command + "`, which needs another person's "
                + "approval, and nobody is there to give it on a schedule; schedule a command that needs no approval.";
    }

    static String needsConfirmation(String key, String name, String command) {
        return "The schedule `" + name + "` (" + key + ".command) runs `" + command + "`, which asks to be confirmed, "
                + "and nobody is there to confirm it on a schedule; schedule a command that needs no confirmation.";
    }

    static String roleTooLow(String key, String name, String command, String as, String role) {
        return "The schedule `" + name + "` runs `" + command + "` as " + as + " (" + key + ".as), but `" + command
                + "` needs the " + role + " role; set `as: " + role + "`.";
    }

    static String commandUnusable(String key, String line, String problem) {
        return "The setting `" + key + ".command` (`" + Format.echo(line) + "`) cannot run: " + stripDot(problem) + ".";
    }

    // ---- results -----------------------------------------------------------------------------------------------

    static String failedUnexpectedly(String requestId) {
        return "The scheduled command failed unexpectedly; the log has the details under request " + requestId + ".";
    }

    /** The command's own reply, posted to the schedule's channel with a footer saying which schedule and when. */
    static Reply posted(Schedule s, Reply reply, boolean ok, Instant scheduledAt, boolean late, String requestId) {
        String when = WHEN.format(scheduledAt.atZone(s.zone()));
        String footer = "Scheduled `" + s.name() + "` (`" + Format.echo(s.command()) + "`) for " + when
                + (late ? ", run late: Caretaker was not running then" : "") + " · request " + requestId;
        Reply.Builder out = reply.toBuilder().visibility(Visibility.CHANNEL)
                .footer(reply.footer() == null ? footer : reply.footer() + " · " + footer);
        if (reply.header() == null) {
            out.header((ok ? "" : "Failed: ") + s.name());
        }
        if (!ok && reply.severity() != Severity.CRITICAL) {
            out.severity(Severity.WARN);
        }
        return out.build();
    }

    /** The first sentence of a reply, for {@code schedule_runs.detail}. */
    static String detail(Reply reply) {
        for (Block b : reply.blocks()) {
            if (b instanceof Block.Text t) {
                return t.text().length() <= DETAIL_MAX ? t.text() : t.text().substring(0, DETAIL_MAX);
            }
        }
        return reply.header();
    }

    // ---- the schedule commands ---------------------------------------------------------------------------------

    /** One line of {@code schedule list}. */
    record Row(Schedule schedule, Optional<ScheduleStore.State> state, Optional<ScheduleStore.Run> last,
               Optional<Instant> next) {
    }

    static Reply list(List<Row> rows) {
        if (rows.isEmpty()) {
            return Reply.text("No commands are scheduled; add them under caretaker.schedules (see docs/runbooks.md).");
        }
        List<List<String>> table = new ArrayList<>();
        for (Row r : rows) {
            Schedule s = r.schedule();
            ZoneId zone = s.zone();
            boolean paused = r.state().filter(ScheduleStore.State::paused).isPresent();
            String last = r.last().map(run -> WHEN.format(run.scheduledAt().atZone(zone)) + " "
                    + run.outcome().orElse("running") + (run.late() ? " (late)" : "")).orElse("never");
            String next = paused ? "paused by " + r.state().get().changedBy()
                    : r.next().map(n -> WHEN.format(n.atZone(zone))).orElse("never");
            table.add(List.of(s.name(), s.cron() + " " + zone.getId(), s.command() + " (as " + s.as() + ")",
                    s.channel() + (s.quiet() ? " (quiet)" : ""), last, next));
        }
        return Reply.builder().header("Scheduled commands: " + rows.size())
                .table(List.of("Schedule", "When", "Command", "Posts to", "Last run", "Next run"), table)
                .footer("`schedule run <name>` runs one now; `schedule pause <name>` stops it until `schedule resume`.")
                .build();
    }

    static String unknown(String name, List<String> names) {
        return names.isEmpty() ? "No commands are scheduled, so there is no `" + Format.echo(name) + "`."
                : "No schedule is called `" + Format.echo(name) + "`; the schedules are " + Format.orList(names) + ".";
    }

    static Reply ranNow(Schedule s, Reply reply) {
        String note = "Ran schedule `" + s.name() + "` now, with your roles.";
        return reply.toBuilder().footer(reply.footer() == null ? note : reply.footer() + " " + note).build();
    }

    static Reply paused(Schedule s, boolean paused, boolean changed, String who) {
        String text;
        if (!changed) {
            text = "`" + s.name() + "` was already " + (paused ? "paused" : "running on its schedule") + ".";
        } else if (paused) {
            text = who + " paused `" + s.name() + "`; it does not run until someone types `schedule resume " + s.name()
                    + "`.";
        } else {
            text = who + " resumed `" + s.name() + "`; it runs at its next time (what it missed while paused is not "
                    + "caught up).";
        }
        return Reply.builder().severity(changed && paused ? Severity.WARN : Severity.INFO).text(text).build();
    }

    private static String stripDot(String sentence) {
        String s = sentence == null ? "" : sentence.strip();
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
