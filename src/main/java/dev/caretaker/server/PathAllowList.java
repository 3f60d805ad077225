package dev.caretaker.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Set;

/**
 * The bot runs next to production systems, so only its own paths answer: a library that brings a route of its own
 * (Micronaut's {@code /metrics}, {@code /routes}, ...) gets 404 before its route runs. A new endpoint of Caretaker's
 * is added here on purpose, and to the list DESIGN.md and the README give.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class PathAllowList implements Ordered {

    static final Set<String> PATHS = Set.of("/slack/events", "/alerts/alertmanager", "/health", "/health/liveness",
            "/health/readiness", "/prometheus");

    @RequestFilter
    @Nullable
    HttpResponse<?> only(HttpRequest<?> request) {
        if (PATHS.contains(request.getPath())) {
            return null;
        }
        return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorBodies.of(HttpStatus.NOT_FOUND));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
