package dev.caretaker.server;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Every error Micronaut answers (no route, wrong method or media type, a body it cannot bind, a failure in a
 * controller) gets the status's own words, {@code {"message":"Not Found"}}: Micronaut's default body quotes
 * exception text, class names and the path, which tells a stranger what runs here.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ErrorBodies implements ErrorResponseProcessor<String> {

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(of(response.getStatus()));
    }

    /** The generic body for a status: its reason phrase only. */
    static String of(HttpStatus status) {
        return "{\"message\":\"" + status.getReason() + "\"}";
    }
}
