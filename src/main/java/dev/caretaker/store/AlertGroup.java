package dev.caretaker.store;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one message reports: a probe alert alone, or an Alertmanager notification group; see {@code V4__alerts.sql}.
 * {@code mention} is the route's fixed mention for critical alerts; {@code rotation} the route's on-call rotation and
 * {@code mentions} how the person on call when the episode opened is mentioned on each platform (by platform id).
 */
public record AlertGroup(long id, String source, String groupKey, Map<String, String> labels,
                         List<ChannelAddress> channels, String mention, int episode, boolean flapping, int threadSeq,
                         Instant lastPostedAt, String rotation, Map<String, String> mentions) {

    public AlertGroup {
        labels = Map.copyOf(labels);
        channels = List.copyOf(channels);
        mentions = mentions == null ? Map.of() : Map.copyOf(mentions);
    }

    /** A group without a rotation. */
    public AlertGroup(long id, String source, String groupKey, Map<String, String> labels,
                      List<ChannelAddress> channels, String mention, int episode, boolean flapping, int threadSeq,
                      Instant lastPostedAt) {
        this(id, source, groupKey, labels, channels, mention, episode, flapping, threadSeq, lastPostedAt, null, Map.of());
    }

    /** The outbox key of this episode's message. */
    public String messageKey() {
        return "alert-group:" + id + ":" + episode;
    }

    /** How its messages on {@code platform} get attention: the person on call there, else the route's mention. */
    public String mentionOn(Platform platform) {
        return mentions.getOrDefault(platform.id(), mention);
    }

    /** The same group as its messages on {@code platform} show it: with that platform's mention. */
    public AlertGroup on(Platform platform) {
        return new AlertGroup(id, source, groupKey, labels, channels, mentionOn(platform), episode, flapping, threadSeq,
                lastPostedAt, rotation, mentions);
    }

    /** Routed afresh: channels, mention and rotation as config says now. */
    public AlertGroup routed(List<ChannelAddress> channels, String mention, String rotation) {
        return new AlertGroup(id, source, groupKey, labels, channels, mention, episode, flapping, threadSeq, lastPostedAt,
                rotation, mentions);
    }

    /** A new episode (a new message), or the same one flapping. */
    public AlertGroup episode(int episode, boolean flapping, int threadSeq, Instant lastPostedAt,
                              Map<String, String> mentions) {
        return new AlertGroup(id, source, groupKey, labels, channels, mention, episode, flapping, threadSeq, lastPostedAt,
                rotation, mentions);
    }

    /** One more thread reply under this episode's message. */
    public AlertGroup threaded(int threadSeq) {
        return new AlertGroup(id, source, groupKey, labels, channels, mention, episode, flapping, threadSeq, lastPostedAt,
                rotation, mentions);
    }
}
