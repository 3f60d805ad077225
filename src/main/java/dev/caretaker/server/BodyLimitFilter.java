package dev.caretaker.server;

import dev.caretaker.security.BodyLimits;
import dev.caretaker.security.RequestMessages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalLong;

/**
 * Each endpoint's {@link BodyLimits body limit}, on the length a request declares, before its body is read: 413 with
 * one plain sentence. Micronaut's {@code max-request-size} is one number for every path; this makes it each path's
 * own. A chunked body declares no length: the POST controllers count what arrived (never more than
 * {@code max-request-size}), and a GET may not send one at all.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class BodyLimitFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(BodyLimitFilter.class);

    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        OptionalLong limit = BodyLimits.of(request.getPath());
        if (limit.isEmpty()) {
            return null;
        }
        long declared = request.getContentLength();
        boolean chunked = request.getHeaders().contains("Transfer-Encoding");
        if (declared > limit.getAsLong() || (chunked && limit.getAsLong() == 0)) {
            LOG.warn("Refused a request to {} from {}: a body of {} bytes, over its limit of {}", request.getPath(),
                    request.getRemoteAddress().getAddress().getHostAddress(), chunked ? "unknown" : declared,
                    limit.getAsLong());
            return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE).contentType(MediaType.TEXT_PLAIN_TYPE)
                    .body(RequestMessages.tooLarge(request.getPath(), limit.getAsLong()));
        }
        return null;
    }

    @Override
    public int getOrder() {
        // after PathAllowList: an unknown path is a 404 whatever its size
        return HIGHEST_PRECEDENCE + 1;
    }
}
