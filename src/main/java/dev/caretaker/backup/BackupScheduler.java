package dev.caretaker.backup;

import dev.caretaker.action.Progress;
import dev.caretaker.alert.AlertService;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.digest.Due;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.BackupVerification;
import dev.caretaker.store.Leadership;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import dev.caretaker.store.Transactions;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs the scheduled backups that are due, each once: the run of a target and cron instant is claimed with a
 * conditional insert (and its first progress message enqueued) in one transaction, so whatever the number of replicas
 * or restarts one backup runs. Only the latest missed instant counts: after days of downtime one backup runs at
 * start-up, and a first start after the day's time runs none. Each backup is followed by a verification (unless
 * {@code verify: false}) and a prune; a failed scheduled backup is a critical alert ({@value #FAILED_ALERT}) until the
 * next one succeeds. Backups whose replica died mid-way (heartbeat stale) are marked failed.
 */
@Singleton
public class BackupScheduler {

    /** The alert (probe name) of a scheduled backup that failed; fingerprint {@code <target>/backup}. */
    public static final String FAILED_ALERT = "backup";
    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    /** A scheduled backup this replica claimed, and the work that runs it. */
    public record Claimed(String target, Instant scheduledAt, boolean late, Future<?> run) {
    }

    private final BackupConfig config;
    private final BackupService backups;
    private final Verifier verifier;
    private final Pruner pruner;
    private final BackupCatalog catalog;
    private final Targets targets;
    private final AlertService alerts;
    private final Transactions transactions;
    private final Outbox outbox;
    private final Leadership leadership;
    private final ExecutorService threads;
    private final Clock clock;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public BackupScheduler(BackupConfig config, BackupService backups, Verifier verifier, Pruner pruner,
                           BackupCatalog catalog, Targets targets, AlertService alerts, Transactions transactions,
                           Outbox outbox, Leadership leadership, @Named(TaskExecutors.BLOCKING) ExecutorService threads,
                           Clock clock) {
        this.config = config;
        this.backups = backups;
        this.verifier = verifier;
        this.pruner = pruner;
        this.catalog = catalog;
        this.targets = targets;
        this.alerts = alerts;
        this.transactions = transactions;
        this.outbox = outbox;
        this.leadership = leadership;
        this.threads = threads;
        this.clock = clock;
    }

    /** Claims every scheduled backup that is due and starts it on a worker; answers what this call claimed. */
    public List<Claimed> runDue() {
        failStale();
        List<Claimed> claimed = new ArrayList<>();
        for (Map.Entry<String, BackupSettings> e : config.scheduledTargets().entrySet()) {
            try {
                claim(e.getValue()).ifPresent(claimed::add);
            } catch (RuntimeException ex) {
                LOG.error("backup schedule of {}: could not be claimed", e.getKey(), ex);
            }
        }
        return claimed;
    }

    private Optional<Claimed> claim(BackupSettings s) {
        if (s.schedule().isEmpty() || running.contains(s.target())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Due> due = Due.at(s.schedule().get(), s.zone(), now, config.lateAfter());
        if (due.isEmpty() || catalog.scheduledExists(s.target(), due.get().scheduledAt())) {
            return Optional.empty();
        }
        Instant at = due.get().scheduledAt();
        if (due.get().late() && !catalog.scheduledBefore(s.target(), at)) {
            // a first start after the day's time: nothing was missed, the next one runs on time
            return Optional.empty();
        }
        boolean mine = transactions.inTransaction(() -> {
            if (!catalog.claimScheduled(s.target(), at, due.get().late(), now, leadership.holder())) {
                return false;   // another replica or an earlier start has it
            }
            s.channel().ifPresent(ch -> outbox.enqueue(OutboxMessage.of(ch, messageKey(s.target(), at),
                    Reply.builder().severity(Severity.INFO).text(BackupMessages.scheduledStarted(s.target(), at,
                            due.get().late())).build())));
            return true;
        });
        if (!mine) {
            return Optional.empty();
        }
        running.add(s.target());
        LOG.info("backup schedule of {}: claimed the run of {}{}", s.target(), at, due.get().late() ? " (late)" : "");
        Future<?> run = threads.submit(() -> {
            try {
                runScheduled(s, at);
            } finally {
                running.remove(s.target());
            }
        });
        return Optional.of(new Claimed(s.target(), at, due.get().late(), run));
    }

    /** Backup, verification, prune: one run of the schedule, reported by editing one message. */
    private void runScheduled(BackupSettings s, Instant at) {
        Optional<TargetSpec> spec = targets.spec(s.target());
        if (spec.isEmpty()) {
            return;
        }
        Progress quiet = Progress.NONE;
        BackupRecord b;
        try {
            b = backups.backup(spec.get(), BackupRecord.SCHEDULE, at, quiet);
        } catch (BackupException e) {
            failedBackup(s, at, e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.error("scheduled backup of {} failed", s.target(), e);
            failedBackup(s, at, BackupMessages.crashed(s.target(), 0));
            return;
        }
        transactions.inTransaction(() -> {
            alerts.probeResolved(result(s.target(), ProbeStatus.OK, BackupMessages.scheduledStored(s.target(), b.id(),
                    b.sizeBytes())));
            report(s, at, Severity.INFO, BackupMessages.scheduledStored(s.target(), b.id(), b.sizeBytes()));
        });
        String verified = null;
        if (s.verify()) {
            try {
                BackupVerification v = verifier.verify(b, BackupRecord.SCHEDULE, Progress.NONE);
                verified = v.detail();
            } catch (BackupException e) {
                verified = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Pruner.Result pruned = pruner.prune(s.target(), false);
        boolean ok = verified == null || catalog.byId(b.id()).map(BackupRecord::verified).orElse(false);
        report(s, at, ok ? Severity.OK : Severity.CRITICAL, BackupMessages.scheduledDone(s.target(), b.id(),
                b.sizeBytes(), verified, pruned.deleted()));
    }

    private void failedBackup(BackupSettings s, Instant at, String sentence) {
        LOG.warn("scheduled backup of {} ({}) failed: {}", s.target(), at, sentence);
        transactions.inTransaction(() -> {
            alerts.probeFiring(result(s.target(), ProbeStatus.CRITICAL, sentence), "critical");
            report(s, at, Severity.CRITICAL, BackupMessages.scheduledFailed(s.target(), sentence));
        });
    }

    private ProbeResult result(String target, ProbeStatus status, String detail) {
        return new ProbeResult(target, FAILED_ALERT, status, null, "", detail, Duration.ZERO, clock.instant());
    }

    /** Edits the run's message in the target's channel, if it has one (through the outbox). */
    private void report(BackupSettings s, Instant at, Severity severity, String text) {
        s.channel().ifPresent(ch -> outbox.enqueue(OutboxMessage.of(ch, messageKey(s.target(), at),
                Reply.builder().severity(severity).text(text).build())));
    }

    static String messageKey(String target, Instant scheduledAt) {
        return "backup-schedule:" + target + ":" + scheduledAt;
    }

    /** Rows left {@code running} by a replica that stopped: failed, so they neither block nor count. */
    private void failStale() {
        Instant now = clock.instant();
        for (BackupRecord b : catalog.stale(now.minus(config.staleAfter()))) {
            catalog.fail(b.id(), now, BackupMessages.interrupted(b.target(), b.id()));
            LOG.warn("backup #{} of {}: its replica stopped sending heartbeats; marked failed", b.id(), b.target());
        }
    }

    /** The channel a target's scheduled backups report to, for tests. */
    Optional<ChannelAddress> channel(String target) {
        return Optional.ofNullable(config.scheduledTargets().get(target)).flatMap(BackupSettings::channel);
    }
}
