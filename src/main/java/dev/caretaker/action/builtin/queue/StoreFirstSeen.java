package dev.caretaker.action.builtin.queue;

import dev.caretaker.store.QueueSightings;
import dev.caretaker.target.redis.FirstSeen;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Keeps the queue readers' first sightings in Caretaker's own database. It lives with the queue commands because
 * this is the layer that may use both the targets and the store; the readers see only {@link FirstSeen}.
 */
@Singleton
public final class StoreFirstSeen implements FirstSeen {

    private final QueueSightings sightings;

    public StoreFirstSeen(QueueSightings sightings) {
        this.sightings = sightings;
    }

    @Override
    public Map<String, Instant> observe(String target, String queue, Collection<String> waiting, Instant now) {
        return sightings.observe(target, queue, waiting, now);
    }
}
