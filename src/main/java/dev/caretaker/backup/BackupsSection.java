package dev.caretaker.backup;

import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestFormat;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Block;
import dev.caretaker.store.BackupCatalog;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.BackupVerification;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code backups}: per target, the last backup (when, status, size), its size against a backup a week older, and the
 * last verification; scheduled targets whose newest verified backup is too old count as warnings or criticals.
 */
@Singleton
public final class BackupsSection implements DigestSection {

    private final BackupConfig config;
    private final BackupCatalog catalog;
    private final BackupFreshness freshness;

    public BackupsSection(BackupConfig config, BackupCatalog catalog, BackupFreshness freshness) {
        this.config = config;
        this.catalog = catalog;
        this.freshness = freshness;
    }

    @Override
    public String name() {
        return "backups";
    }

    @Override
    public int order() {
        return 45;
    }

    @Override
    public Section render(DigestContext context) {
        TreeSet<String> names = new TreeSet<>(config.scheduledTargets().keySet());
        names.addAll(catalog.targets());
        if (names.isEmpty()) {
            return Section.EMPTY;
        }
        Instant now = context.now();
        int warnings = 0;
        int criticals = 0;
        List<List<String>> rows = new ArrayList<>();
        for (String target : names) {
            List<BackupRecord> recent = catalog.list(target, 1);
            Optional<BackupRecord> last = recent.stream().findFirst();
            List<BackupRecord> stored = catalog.done(target);
            Optional<BackupRecord> lastStored = stored.stream().findFirst();
            Optional<BackupRecord> weekOld = stored.stream()
                    .filter(b -> !b.startedAt().isAfter(now.minus(Duration.ofDays(7)))).findFirst();
            Optional<BackupVerification> verification = catalog.lastVerification(target);
            String status = "–";
            BackupSettings s = config.scheduledTargets().get(target);
            if (s != null) {
                ProbeResult r = freshness.check(s);
                status = DigestFormat.status(r.status());
                warnings += r.status() == ProbeStatus.WARN ? 1 : 0;
                criticals += r.status() == ProbeStatus.CRITICAL ? 1 : 0;
            }
            if (verification.isPresent() && !verification.get().passed()) {
                criticals++;
                status = DigestFormat.status(ProbeStatus.CRITICAL);
            }
            rows.add(List.of(target,
                    last.map(b -> BackupMessages.ago(b.startedAt(), now) + (b.done() ? "" : " (" + b.status() + ")"))
                            .orElse(BackupMessages.never()),
                    lastStored.map(b -> BackupMessages.size(b.sizeBytes() == null ? 0 : b.sizeBytes())).orElse("–"),
                    lastStored.filter(b -> b.sizeBytes() != null && weekOld.isPresent() && weekOld.get().sizeBytes() != null)
                            .map(b -> DigestFormat.change(b.sizeBytes(), weekOld.get().sizeBytes().doubleValue()))
                            .orElse("–"),
                    verification.map(v -> (v.passed() ? BackupMessages.verifiedAgo(v.finishedAt(), now)
                            : BackupMessages.verifyFailedLabel() + " " + BackupMessages.ago(v.finishedAt(), now)))
                            .orElse(BackupMessages.never()),
                    status));
        }
        return new Section(List.of(new Block.Text(BackupMessages.digestHeading(names.size())),
                new Block.Table(BackupMessages.DIGEST_COLUMNS, rows)), warnings, criticals);
    }
}
