package dev.caretaker.chat.slack;

import dev.caretaker.chat.DeliveryException;
import dev.caretaker.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Builds the {@link Caller} for a Slack user, with the configured user groups they belong to
 * ({@code usergroups.users.list}, cached for a short TTL so role changes in Slack apply within minutes).
 */
public final class SlackCallers {

    private static final Logger LOG = LoggerFactory.getLogger(SlackCallers.class);

    private final SlackWebApi api;
    private final Supplier<Set<String>> usergroups;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Members> cache = new ConcurrentHashMap<>();

    private record Members(Set<String> userIds, Instant fetchedAt) {
    }

    /** @param usergroups the user-group ids named in role config */
    public SlackCallers(SlackWebApi api, Supplier<Set<String>> usergroups, Duration ttl, Clock clock) {
        this.api = api;
        this.usergroups = usergroups;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Caller caller(String userId, String displayName) {
        Set<String> groups = new LinkedHashSet<>();
        for (String group : usergroups.get()) {
            if (members(group).contains(userId)) {
                groups.add(group);
            }
        }
        return new Caller(SlackPlatform.SLACK, userId, displayName, groups);
    }

    private Set<String> members(String group) {
        Instant now = clock.instant();
        Members cached = cache.get(group);
        if (cached != null && cached.fetchedAt().plus(ttl).isAfter(now)) {
            return cached.userIds();
        }
        try {
            Members fresh = new Members(Set.copyOf(api.usergroupMembers(group)), now);
            cache.put(group, fresh);
            return fresh.userIds();
        } catch (DeliveryException e) {
            // Slack down: keep the last known members rather than granting or revoking roles on a hiccup.
            LOG.warn("Could not list members of Slack user group {}: {}", group, e.getMessage());
            return cached == null ? Set.of() : cached.userIds();
        }
    }
}
