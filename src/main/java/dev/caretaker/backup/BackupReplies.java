package dev.caretaker.backup;

import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.BackupRecord;
import dev.caretaker.store.BackupVerification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders catalogue rows as replies: one backup in full, a list of backups, table counts. */
final class BackupReplies {

    /** A reply shows this many tables; the rest are counted in one line. */
    static final int MAX_TABLES = 40;

    private BackupReplies() {
    }

    static Reply stored(BackupRecord b, String where) {
        Duration took = b.finishedAt() == null ? Duration.ZERO : Duration.between(b.startedAt(), b.finishedAt());
        Reply.Builder r = Reply.builder().severity(Severity.OK)
                .header(BackupMessages.doneHeader(b.target(), b.id()))
                .text(BackupMessages.doneText(b.target(), b.sizeBytes() == null ? 0 : b.sizeBytes(), took, where))
                .fields(fields(b, where));
        tables(r, b.tableCounts());
        return r.build();
    }

    static Reply show(BackupRecord b, String where, List<BackupVerification> verifications) {
        Reply.Builder r = Reply.builder()
                .severity(b.done() ? (BackupRecord.FAILED.equals(b.verifyStatus()) ? Severity.CRITICAL : Severity.OK)
                        : BackupRecord.FAILED.equals(b.status()) ? Severity.WARN : Severity.INFO)
                .header(BackupMessages.showHeader(b.id(), b.target()))
                .fields(fields(b, where));
        if (b.error() != null) {
            r.text(b.error());
        }
        tables(r, b.tableCounts());
        if (!verifications.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (BackupVerification v : verifications.subList(0, Math.min(10, verifications.size()))) {
                rows.add(List.of(BackupMessages.when(v.finishedAt()), v.status(), v.failure() == null ? "–" : v.failure(),
                        v.requestedBy()));
            }
            r.text(BackupMessages.verificationsHeading(verifications.size()));
            r.table(BackupMessages.VERIFICATION_COLUMNS, rows);
        }
        return r.build();
    }

    static Reply list(List<BackupRecord> backups, String target, Instant now) {
        if (backups.isEmpty()) {
            return Reply.builder().severity(Severity.INFO).text(BackupMessages.noBackups(target)).build();
        }
        List<List<String>> rows = new ArrayList<>();
        for (BackupRecord b : backups) {
            rows.add(List.of("#" + b.id(), b.target(), BackupMessages.when(b.startedAt()), status(b),
                    b.sizeBytes() == null ? "–" : BackupMessages.size(b.sizeBytes()), verified(b, now)));
        }
        return Reply.builder().severity(Severity.INFO).header(BackupMessages.listHeader(target, backups.size()))
                .table(BackupMessages.LIST_COLUMNS, rows).build();
    }

    static String status(BackupRecord b) {
        return b.status();
    }

    static String verified(BackupRecord b, Instant now) {
        if (b.verifyStatus() == null) {
            return "–";
        }
        return b.verified() ? BackupMessages.verifiedAgo(b.verifiedAt(), now) : BackupMessages.verifyFailedLabel();
    }

    private static List<Block.Field> fields(BackupRecord b, String where) {
        List<Block.Field> f = new ArrayList<>();
        f.add(new Block.Field(BackupMessages.FIELD_STATUS, b.status()));
        f.add(new Block.Field(BackupMessages.FIELD_STARTED, BackupMessages.when(b.startedAt())));
        if (b.finishedAt() != null) {
            f.add(new Block.Field(BackupMessages.FIELD_FINISHED, BackupMessages.when(b.finishedAt())));
        }
        if (b.sizeBytes() != null) {
            f.add(new Block.Field(BackupMessages.FIELD_SIZE, BackupMessages.size(b.sizeBytes())));
        }
        if (b.sha256() != null) {
            f.add(new Block.Field(BackupMessages.FIELD_SHA256, b.sha256()));
        }
        if (b.fileCount() != null) {
            f.add(new Block.Field(BackupMessages.FIELD_FILES, String.valueOf(b.fileCount())));
        } else if (!b.tableCounts().isEmpty()) {
            f.add(new Block.Field(BackupMessages.FIELD_TABLES, String.valueOf(b.tableCounts().size())));
            f.add(new Block.Field(BackupMessages.FIELD_ROWS,
                    String.valueOf(b.tableCounts().values().stream().mapToLong(Long::longValue).sum())));
        }
        f.add(new Block.Field(BackupMessages.FIELD_FORMAT, b.format()));
        f.add(new Block.Field(BackupMessages.FIELD_STORAGE, where));
        f.add(new Block.Field(BackupMessages.FIELD_KEY, b.storageKey()));
        if (b.serverVersion() != null) {
            f.add(new Block.Field(BackupMessages.FIELD_VERSIONS, b.serverVersion() + " / " + b.clientVersion()));
        }
        f.add(new Block.Field(BackupMessages.FIELD_BY, b.requestedBy()));
        if (b.verifyStatus() != null) {
            f.add(new Block.Field(BackupMessages.FIELD_VERIFIED, b.verified()
                    ? BackupMessages.when(b.verifiedAt()) : BackupMessages.verifyFailedLabel()));
        }
        return f;
    }

    private static void tables(Reply.Builder r, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        counts.entrySet().stream().limit(MAX_TABLES)
                .forEach(e -> rows.add(List.of(e.getKey(), String.valueOf(e.getValue()))));
        r.table(List.of(BackupMessages.COLUMN_TABLE, BackupMessages.COLUMN_ROWS), rows);
        if (counts.size() > MAX_TABLES) {
            r.text(BackupMessages.moreTables(counts.size() - MAX_TABLES));
        }
    }
}
