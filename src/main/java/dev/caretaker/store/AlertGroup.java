package dev.caretaker.store;

import dev.caretaker.config.ChannelAddress;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one message reports: a probe alert alone, or an Alertmanager notification group; see {@code V4__alerts.sql}. */
public record AlertGroup(long id, String source, String groupKey, Map<String, String> labels,
                         List<ChannelAddress> channels, String mention, int episode, boolean flapping, int threadSeq,
                         Instant lastPostedAt) {

    public AlertGroup {
        labels = Map.copyOf(labels);
        channels = List.copyOf(channels);
    }

    /** The outbox key of this episode's message. */
    public String messageKey() {
        return "alert-group:" + id + ":" + episode;
    }
}
