package dev.caretaker.schedule;

import dev.caretaker.support.CommandFiles;
import dev.caretaker.support.TestContexts;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Contexts for schedule and runbook tests: a clock the test moves, the console recorded, nothing ticking by itself. */
final class ScheduleContexts {

    private ScheduleContexts() {
    }

    /** The pipeline test commands (test run, test approve, ...) plus {@code more} files, and the given schedules. */
    static Map<String, Object> properties(Path temp, String clock, List<Map<String, Object>> schedules,
                                          String... moreFiles) {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.test.clock", clock);
        p.put("caretaker.test.recording-chat", "true");
        p.put("caretaker.schedule.scheduler.enabled", "false");
        p.put("caretaker.digest.scheduler.enabled", "false");
        p.put("caretaker.probes.enabled", "false");
        p.put("caretaker.outbox.poll", "50ms");
        String[] files = new String[moreFiles.length + 2];
        files[0] = "test.yml";
        files[1] = CommandFiles.PIPELINE;
        System.arraycopy(moreFiles, 0, files, 2, moreFiles.length);
        p.put("caretaker.commands-dir", CommandFiles.dir(temp, files).toString());
        if (!schedules.isEmpty()) {
            p.put("caretaker.schedules", schedules);
        }
        return p;
    }

    static Map<String, Object> schedule(String name, String cron, String command, String as, boolean quiet) {
        return Map.of("name", name, "cron", cron, "zone", "Europe/Berlin", "command", command, "channel", "console",
                "as", as, "quiet", Boolean.toString(quiet));
    }

    /** The same database for several replicas. */
    static Map<String, Object> shared(Map<String, Object> p) {
        Map<String, Object> out = new HashMap<>(p);
        out.put("datasources.default.url", TestContexts.properties().get("datasources.default.url"));
        return out;
    }
}
