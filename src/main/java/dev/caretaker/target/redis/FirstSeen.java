package dev.caretaker.target.redis;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Remembers when Caretaker first saw each job waiting in a queue, for jobs that carry no time of their own (Celery's
 * messages, plain list items): their waiting age is then "at least" the time since that first sighting. The record
 * is shared by replicas, so the age survives a restart and a change of leader.
 */
@FunctionalInterface
public interface FirstSeen {

    /**
     * Records the {@code waiting} ids not seen before as seen at {@code now}, forgets this queue's ids that are no
     * longer waiting, and answers when each waiting id was first seen.
     */
    Map<String, Instant> observe(String target, String queue, Collection<String> waiting, Instant now);
}
