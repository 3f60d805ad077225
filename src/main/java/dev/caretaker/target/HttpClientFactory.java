package dev.caretaker.target;

import io.micronaut.context.annotation.Factory;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The one HTTP client Caretaker calls other systems with (HTTP and Prometheus probes, {@code kind: http} commands,
 * Alertmanager silences), built once so connections are pooled. Each use sets its own request timeout, which bounds
 * the whole exchange, connecting included.
 */
@Factory
public class HttpClientFactory {

    /** Longest wait for a TCP / TLS connection, whatever the request's own timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Redirects are never followed, by every use: a probe or a command reports the status it got, and a silence
     * must reach the Alertmanager that was configured, not wherever it points.
     */
    @Singleton
    HttpClient httpClient(@Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor).build();
    }
}
