package dev.caretaker.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who to page for a route's rotation, answered by the on-call package: the person on call at a moment, and the
 * rotation's escalation steps. Routes name a rotation with {@code rotation: <name>}.
 */
public interface Paging {

    /** A person to page: their name, and their mention markup on each platform, by platform id. */
    record Person(String name, Map<String, String> mentions) {

        public Person {
            mentions = Map.copyOf(mentions);
        }

        /** How a message on {@code platform} mentions them; their name where they have no id there. */
        public String mentionOn(String platform) {
            return mentions.getOrDefault(platform, name);
        }
    }

    /** One escalation step: {@code after} the alert started, page {@code to} (a rotation's person on call, or a person). */
    record Step(Duration after, String to) {
    }

    /** The person on call in {@code rotation} at {@code at}; empty when there is no such rotation or nobody in it. */
    Optional<Person> onCall(String rotation, Instant at);

    /** The person a step names at {@code at}: the one on call in that rotation, or the person of that name. */
    Optional<Person> resolve(String rotationOrPerson, Instant at);

    /** The rotation's escalation steps, in order; empty when it has none. */
    List<Step> escalation(String rotation);
}
