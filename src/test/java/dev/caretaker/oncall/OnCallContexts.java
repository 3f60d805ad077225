package dev.caretaker.oncall;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.security.Caller;
import dev.caretaker.support.Contexts;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Application contexts for on-call tests: a settable clock, no background timers, alerts and banners to Slack channels. */
final class OnCallContexts {

    static final String OPS = "slack:COPS";
    static final String ALERTS = "slack:CALERTS";

    private OnCallContexts() {
    }

    /** Base properties at {@code clock}: the tests move time and run the timers' work themselves. */
    static Map<String, Object> properties(String clock) {
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.test.clock", clock);
        p.put("caretaker.probes.enabled", false);
        p.put("caretaker.probes.self", false);
        p.put("caretaker.oncall.timers", false);
        p.put("caretaker.alerts.timers", false);
        p.put("caretaker.digest.scheduler.enabled", "false");
        p.put("caretaker.outbox.poll", "50ms");
        p.put("caretaker.alerts.failures", 1);
        p.put("caretaker.alerts.recoveries", 1);
        p.put("caretaker.alerts.default-channels", List.of(ALERTS));
        p.put("caretaker.maintenance.channels", List.of(OPS));
        return p;
    }

    /** A tcp target on a loopback port. */
    static void tcpTarget(Map<String, Object> p, String name, Port port) {
        p.put("caretaker.targets." + name + ".type", "tcp");
        p.put("caretaker.targets." + name + ".host", "127.0.0.1");
        p.put("caretaker.targets." + name + ".port", port.number());
        p.put("caretaker.targets." + name + ".timeout", "2s");
    }

    static ApplicationContext start(Map<String, Object> properties, Object... singletons) {
        return Contexts.start(properties, singletons);
    }

    /** Runs a command line through the pipeline as {@code who}, in the ops channel. */
    static Outcome run(ApplicationContext context, Caller who, String line) {
        return context.getBean(Dispatcher.class).dispatch(new CommandRequest(who,
                ChannelAddress.parse(OPS).orElseThrow(), line, null));
    }
}
