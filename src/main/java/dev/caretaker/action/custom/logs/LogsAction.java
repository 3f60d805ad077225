package dev.caretaker.action.custom.logs;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.custom.ProcessRun;
import dev.caretaker.action.custom.Programs;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.security.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** One {@code logs} command: finds the service's source, reads its newest lines, masks and filters them, replies. */
final class LogsAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(LogsAction.class);
    static final long DEFAULT_LINES = 100;
    static final Duration DEFAULT_SINCE = Duration.ofMinutes(15);
    /** What is kept of a program's output: its newest part. */
    static final int MAX_PROGRAM_BYTES = 8 * 1024 * 1024;
    /** How far back from a file's end a search reads at most. */
    static final long MAX_FILE_SCAN_BYTES = 64L * 1024 * 1024;

    private final LogsActionFactory.Declared declared;
    private final Programs programs;
    private final Redactor redactor;
    private final ExecutorService readers;

    LogsAction(LogsActionFactory.Declared declared, Programs programs, Redactor redactor, ExecutorService readers) {
        this.declared = declared;
        this.programs = programs;
        this.redactor = redactor;
        this.readers = readers;
    }

    /** What a read found: the lines (newest first), how many it looked at, and the notes for the footer. */
    private record Found(List<String> newestFirst, int scanned, List<String> notes) {
    }

    @Override
    public ActionResult run(ActionContext context) throws Exception {
        String service = context.args().string("service").orElse("");
        LogSource source = declared.sources().get(service);
        if (source == null) {
            return ActionResult.failed(LogsMessages.unknownService(service, declared.sources().keySet().stream()
                    .sorted().toList()));
        }
        List<String> notes = new ArrayList<>();
        long asked = context.args().integer("lines").orElse(DEFAULT_LINES);
        int lines = (int) Math.max(1, Math.min(asked, declared.maxLines()));
        if (asked > declared.maxLines()) {
            notes.add(LogsMessages.linesCapped(asked, declared.maxLines()));
        }
        Duration since = context.args().duration("since").orElse(DEFAULT_SINCE);
        GrepFilter grep = null;
        Optional<String> pattern = context.args().string("grep");
        if (pattern.isPresent()) {
            GrepFilter.Parsed parsed = GrepFilter.parse(pattern.get());
            if (parsed.problem().isPresent()) {
                return ActionResult.failed(parsed.problem().get());
            }
            grep = parsed.filter().orElseThrow();
        }
        Found found;
        try {
            found = switch (source) {
                case LogSource.File file -> fromFile(service, file, lines, grep, notes);
                case LogSource.Program program -> fromProgram(context, service, program, lines, since, grep, notes);
            };
        } catch (GrepFilter.TooSlow e) {
            return ActionResult.failed(LogsMessages.grepTooSlow());
        } catch (Refusal r) {
            return r.result;
        }
        List<String> chronological = new ArrayList<>(found.newestFirst());
        Collections.reverse(chronological);
        Reply.Builder reply = Reply.builder()
                .header(LogsMessages.header(service, chronological.size(), grep == null ? null : grep.shown()))
                .severity(Severity.INFO)
                .fields(List.of(new Block.Field(LogsMessages.source(), source.describe()),
                        new Block.Field(LogsMessages.window(), source instanceof LogSource.File
                                ? LogsMessages.windowWholeFile() : LogsMessages.windowValue(since))));
        if (chronological.isEmpty()) {
            reply.text(grep != null ? LogsMessages.noMatch(grep.shown(), found.scanned())
                    : source instanceof LogSource.File ? LogsMessages.noFileLines() : LogsMessages.noLines(since));
        } else {
            reply.code(String.join("\n", chronological) + "\n");
        }
        if (!found.notes().isEmpty()) {
            reply.footer(String.join(" ", found.notes()));
        }
        return ActionResult.ok(reply.build());
    }

    private Found fromFile(String service, LogSource.File file, int lines, GrepFilter grep, List<String> notes)
            throws IOException {
        if (!Files.exists(file.path())) {
            throw new Refusal(ActionResult.failed(LogsMessages.fileMissing(service, file.path().toString())));
        }
        if (!Files.isRegularFile(file.path()) || !Files.isReadable(file.path())) {
            throw new Refusal(ActionResult.failed(LogsMessages.fileUnreadable(service, file.path().toString())));
        }
        LineScrubber scrubber = new LineScrubber(redactor);
        List<String> kept = new ArrayList<>();
        int scanned = 0;
        try (TailReader reader = new TailReader(file.path(), MAX_FILE_SCAN_BYTES)) {
            String raw;
            while (kept.size() < lines && (grep == null || scanned < declared.scanLines())
                    && (raw = reader.next()) != null) {
                scanned++;
                String line = scrubber.scrub(raw);
                if (grep == null || grep.matches(line)) {
                    kept.add(line);
                }
            }
            if (grep != null && kept.size() < lines) {
                if (reader.stoppedEarly()) {
                    notes.add(LogsMessages.fileScanLimit(MAX_FILE_SCAN_BYTES));
                } else if (scanned >= declared.scanLines()) {
                    notes.add(LogsMessages.scanLimit(scanned));
                }
            }
        } catch (NoSuchFileException e) {
            throw new Refusal(ActionResult.failed(LogsMessages.fileMissing(service, file.path().toString())));
        } catch (AccessDeniedException e) {
            throw new Refusal(ActionResult.failed(LogsMessages.fileUnreadable(service, file.path().toString())));
        } catch (IOException e) {
            LOG.warn("logs {}: reading {} failed: {}", service, file.path(), e.toString());
            throw new Refusal(ActionResult.failed(LogsMessages.fileUnreadable(service, file.path().toString())));
        }
        return new Found(kept, scanned, notes);
    }

    private Found fromProgram(ActionContext context, String service, LogSource.Program source, int lines,
                              Duration since, GrepFilter grep, List<String> notes) throws InterruptedException {
        List<String> argv = source.argv(grep == null ? lines : declared.scanLines(), since);
        ProcessRun.Spec spec = new ProcessRun.Spec(argv, context.command().timeout(), MAX_PROGRAM_BYTES,
                ProcessRun.Keep.LAST);
        ProcessRun.Result.Finished done = switch (ProcessRun.run(programs, spec, readers)) {
            case ProcessRun.Result.CannotStart c -> throw new Refusal(ActionResult.failed(LogsMessages.cannotStart(c.program())));
            case ProcessRun.Result.TimedOut t -> throw new Refusal(ActionResult.failed(
                    LogsActionFactory.timedOut(context.command())));
            case ProcessRun.Result.Finished f -> f;
        };
        String[] all = new String(done.output(), StandardCharsets.UTF_8).split("\r?\n", -1);
        int end = all.length > 0 && all[all.length - 1].isEmpty() ? all.length - 1 : all.length;
        // a cut output starts inside a line: that fragment is not shown as if it were one
        int start = done.truncated() ? Math.min(1, end) : 0;
        LineScrubber scrubber = new LineScrubber(redactor);
        if (done.exitCode() != 0) {
            // the program's own words (kubectl's "Error from server (NotFound) ..."), masked like any line
            List<String> said = new ArrayList<>();
            for (int i = end - 1; i >= start && said.size() < 20; i--) {
                said.add(scrubber.scrub(all[i]));
            }
            Collections.reverse(said);
            Reply.Builder failed = Reply.builder().severity(Severity.WARN)
                    .header(LogsMessages.programFailed(service, argv.getFirst(), done.exitCode()));
            if (!said.isEmpty()) {
                failed.code(String.join("\n", said) + "\n");
            }
            throw new Refusal(new ActionResult.Failed(failed.build()));
        }
        if (done.truncated()) {
            notes.add(LogsMessages.outputCut());
        }
        List<String> kept = new ArrayList<>();
        int scanned = 0;
        for (int i = end - 1; i >= start && kept.size() < lines; i--) {
            scanned++;
            String line = scrubber.scrub(all[i]);
            if (grep == null || grep.matches(line)) {
                kept.add(line);
            }
        }
        if (grep != null && kept.size() < lines && scanned >= declared.scanLines()) {
            notes.add(LogsMessages.scanLimit(scanned));
        }
        return new Found(kept, scanned, notes);
    }

    /** A reply that ends the run early, thrown out of the source readers. */
    private static final class Refusal extends RuntimeException {
        private final ActionResult result;

        Refusal(ActionResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
