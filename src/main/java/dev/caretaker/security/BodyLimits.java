package dev.caretaker.security;

import java.util.Map;
import java.util.OptionalLong;

/**
 * How large a request body each HTTP endpoint takes, checked before anything reads it: a stranger cannot make the
 * service buffer or parse more than the largest legitimate request. The server answers 413 over the limit (a filter
 * on the declared length, the controllers again on what arrived when no length was declared);
 * {@code micronaut.server.max-request-size} is the largest of them, so no body is buffered past it anywhere.
 */
public final class BodyLimits {

    /**
     * Slack: a command form or an event is a few KiB, but a button click echoes the whole message it was in (up to 50
     * blocks of 3,000 characters, JSON inside a form field); the largest Caretaker renders is ~246 KiB that way
     * (SlackRequestSecurityTest), four times over.
     */
    public static final long SLACK_EVENTS = 1024 * 1024;

    /**
     * Alertmanager: one notification holds a whole group; 1,000 alerts built from the captured fixture are ~336 KiB,
     * and real alerts with generator URLs and annotations run to a few KiB each, so 4 KiB per alert for 1,000 alerts.
     */
    public static final long ALERTMANAGER = 4 * 1024 * 1024;

    /** Health and the Prometheus scrape are GETs: they take no body at all. */
    public static final long NONE = 0;

    private static final Map<String, Long> BY_PATH = Map.of(
            "/slack/events", SLACK_EVENTS,
            "/alerts/alertmanager", ALERTMANAGER,
            "/health", NONE,
            "/health/liveness", NONE,
            "/health/readiness", NONE,
            "/prometheus", NONE);

    private BodyLimits() {
    }

    /** The limit of one of Caretaker's paths; empty for a path that is not one. */
    public static OptionalLong of(String path) {
        Long limit = BY_PATH.get(path);
        return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
    }
}
