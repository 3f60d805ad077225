package dev.caretaker.digest;

import dev.caretaker.store.ProbeRollups;
import dev.caretaker.store.DigestRuns;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.alert.ProbeRows;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;
import dev.caretaker.store.Leadership;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.Transactions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Composes digests from their sections and posts the ones that are due, each exactly once: the
 * {@code digest_runs} row is claimed in the transaction that enqueues the message in the outbox.
 */
@Singleton
public class DigestService {

    /** A composed digest and where the time went (for the benchmark and the log). */
    public record Composed(Reply reply, Duration probing, Duration rendering, int probes) {
    }

    /** A digest that was posted by {@link #runDue()}. */
    public record Posted(DigestSpec spec, Instant scheduledAt, boolean late, Composed digest, Duration sending) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DigestService.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", Locale.ENGLISH);

    private final DigestConfig config;
    private final List<DigestSection> sections;
    private final ProbeSource probes;
    private final ProbeRollups history;
    private final DigestRuns runs;
    private final Transactions transactions;
    private final Outbox outbox;
    private final Leadership leadership;
    private final Clock clock;
    private final Duration lateAfter;

    public DigestService(DigestConfig config, List<DigestSection> sections, ProbeSource probes, ProbeRollups history,
                         DigestRuns runs, Transactions transactions, Outbox outbox, Leadership leadership, Clock clock,
                         DigestSettings settings) {
        this.config = config;
        this.sections = sections.stream().sorted(Comparator.comparingInt(DigestSection::order)
                .thenComparing(DigestSection::name)).toList();
        this.probes = probes;
        this.history = history;
        this.runs = runs;
        this.transactions = transactions;
        this.outbox = outbox;
        this.leadership = leadership;
        this.clock = clock;
        this.lateAfter = settings.lateAfter();
    }

    public DigestConfig config() {
        return config;
    }

    /** Posts every configured digest whose scheduled instant has come and that nobody posted yet. */
    public List<Posted> runDue() {
        List<Posted> posted = new ArrayList<>();
        for (DigestSpec spec : config.digests()) {
            try {
                runIfDue(spec).ifPresent(posted::add);
            } catch (RuntimeException e) {
                LOG.error("digest {}: could not be posted to {}", spec.name(), spec.channel(), e);
            }
        }
        return posted;
    }

    private Optional<Posted> runIfDue(DigestSpec spec) {
        Instant now = clock.instant();
        Optional<Due> due = Due.at(spec.cron(), spec.zone(), now, lateAfter);
        if (due.isEmpty() || runs.exists(spec.name(), due.get().scheduledAt())) {
            return Optional.empty();
        }
        if (due.get().late() && !runs.postedBefore(spec.name(), due.get().scheduledAt())) {
            // a first start after the morning's time: nothing was missed, the next one is posted on time
            return Optional.empty();
        }
        Composed digest = compose(spec, now, due.get());
        long start = System.nanoTime();
        Instant scheduledAt = due.get().scheduledAt();
        boolean sent = transactions.inTransaction(() -> {
            if (!runs.claim(spec.name(), spec.channel(), scheduledAt, due.get().late(), now, leadership.holder())) {
                return false;   // another replica or an earlier start posted it
            }
            outbox.enqueue(OutboxMessage.of(spec.channel(), messageKey(spec, scheduledAt), digest.reply()));
            return true;
        });
        if (!sent) {
            return Optional.empty();
        }
        Duration sending = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("digest {}: posted to {} for {}{} ({} probes in {} ms, rendered in {} ms, sent in {} ms)", spec.name(),
                spec.channel(), due.get().scheduledAt(), due.get().late() ? " (late)" : "", digest.probes(),
                digest.probing().toMillis(), digest.rendering().toMillis(), sending.toMillis());
        return Optional.of(new Posted(spec, due.get().scheduledAt(), due.get().late(), digest, sending));
    }

    /** Composes the digest a channel would get now, without posting it ({@code digest preview}). */
    public Composed preview(ChannelAddress channel) {
        DigestSpec spec = config.forChannel(channel);
        Composed c = compose(spec, clock.instant(), null);
        return new Composed(c.reply().toBuilder().visibility(Visibility.REQUESTER).build(), c.probing(),
                c.rendering(), c.probes());
    }

    /** Composes and posts a digest to a channel at once ({@code digest now}); not counted as a scheduled run. */
    public Composed postNow(ChannelAddress channel, String requestId) {
        DigestSpec spec = config.forChannel(channel);
        Composed digest = compose(spec, clock.instant(), null);
        outbox.enqueue(OutboxMessage.of(channel, "digest:" + spec.name() + ":now:" + requestId, digest.reply()));
        return digest;
    }

    /** Runs the probes, folds the results into the history, and renders the digest's sections. */
    public Composed compose(DigestSpec spec, Instant now, Due due) {
        long t0 = System.nanoTime();
        List<ProbeResult> results = probes.runAll();
        Duration probing = Duration.ofNanos(System.nanoTime() - t0);
        long t1 = System.nanoTime();
        DigestContext context = new DigestContext(spec, now, Duration.ofHours(24), results);
        Reply.Builder reply = Reply.builder().header(header(spec, now, due));
        int warnings = 0;
        int criticals = 0;
        boolean all = spec.sections().contains(DigestConfig.ALL_SECTIONS);
        for (DigestSection section : sections) {
            if (!all && !spec.sections().contains(section.name())) {
                continue;
            }
            Section s;
            try {
                s = section.render(context);
            } catch (Exception e) {
                LOG.warn("digest {}: section {} failed", spec.name(), section.name(), e);
                s = Section.of(new Block.Text(DigestMessages.digestSectionFailed(section.name())));
            }
            s.blocks().forEach(reply::block);
            warnings += s.warnings();
            criticals += s.criticals();
        }
        reply.severity(criticals > 0 ? Severity.CRITICAL : warnings > 0 ? Severity.WARN : Severity.OK);
        reply.footer(DigestMessages.digestFooter(TIME.format(now.atZone(spec.zone()))));
        Duration rendering = Duration.ofNanos(System.nanoTime() - t1);
        // history after rendering, so "vs yesterday" compares with earlier runs, never with this one
        history.add(ProbeRows.rows(results));
        return new Composed(reply.build(), probing, rendering, results.size());
    }

    private static String header(DigestSpec spec, Instant now, Due due) {
        String day = DAY.format((due == null ? now : due.scheduledAt()).atZone(spec.zone()));
        if (due != null && due.late()) {
            return DigestMessages.digestHeaderLate(day, TIME.format(due.scheduledAt().atZone(spec.zone())));
        }
        return DigestMessages.digestHeader(day);
    }

    static String messageKey(DigestSpec spec, Instant scheduledAt) {
        return "digest:" + spec.name() + ":" + scheduledAt;
    }
}
