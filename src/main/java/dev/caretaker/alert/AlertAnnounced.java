package dev.caretaker.alert;

import dev.caretaker.config.ChannelAddress;

import java.util.List;
import java.util.Map;

/**
 * Published once an alert group's new episode has committed (its message is in the outbox): where it was posted, the
 * key of its message (the parent of thread replies), and the labels its route's attached commands may name.
 */
public record AlertAnnounced(long groupId, int episode, String messageKey, List<ChannelAddress> channels,
                             Map<String, String> labels) {

    public AlertAnnounced {
        channels = List.copyOf(channels);
        labels = Map.copyOf(labels);
    }
}
