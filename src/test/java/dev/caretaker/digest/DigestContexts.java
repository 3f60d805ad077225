package dev.caretaker.digest;

import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Application contexts for digest tests: a fixed clock, a recording console channel, no background job. */
final class DigestContexts {

    private DigestContexts() {
    }

    static Map<String, Object> properties(String clock) {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.test.clock", clock);
        p.put("caretaker.test.recording-chat", "true");
        p.put("caretaker.test.fixed-probes", "true");
        p.put("caretaker.digest.scheduler.enabled", "false");
        // the probe scheduler would add its own results to the history the tests look at
        p.put("caretaker.probes.enabled", "false");
        p.put("caretaker.outbox.poll", "50ms");
        return p;
    }

    /** A daily 09:00 digest in Berlin to the console, with the given sections. */
    static Map<String, Object> berlinDigest(String clock, List<String> sections) {
        Map<String, Object> p = properties(clock);
        p.put("caretaker.digests", List.of(Map.of("name", "morning", "channel", "console", "cron", "0 9 * * *",
                "zone", "Europe/Berlin", "sections", sections)));
        return p;
    }

    static ApplicationContext start(Map<String, Object> properties) {
        return TestContexts.start(properties);
    }
}
