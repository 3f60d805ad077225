package dev.caretaker.reliability;

import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.support.Contexts;
import dev.caretaker.support.People;
import dev.caretaker.support.RecordingAction;
import io.micronaut.context.ApplicationContext;

import java.util.Map;

/**
 * Run as a separate JVM by {@link KilledReplicaTest}: a Caretaker replica on a given database and Redis that takes one
 * command (with a platform delivery id) and says {@code running} once its action has started; the test then kills it.
 * Args: database URL, Redis URI, commands directory, command line, delivery id.
 */
public final class ReplicaMain {

    private ReplicaMain() {
    }

    public static void main(String[] args) throws Exception {
        ApplicationContext context = Contexts.start(Map.of("datasources.default.url", args[0], "redis.uri", args[1],
                "caretaker.commands-dir", args[2], "caretaker.probes.enabled", false));
        RecordingAction action = context.getBean(RecordingAction.class);
        Thread.ofVirtual().start(() -> context.getBean(Dispatcher.class).dispatch(new CommandRequest(People.OPERATOR,
                SlackPlatform.channel("COPS"), args[3], args[4])));
        while (action.runs().isEmpty()) {
            Thread.sleep(20);
        }
        System.out.println("running " + action.runs().getFirst().requestId());
        System.out.flush();
        Thread.sleep(120_000);
        System.exit(0);
    }
}
