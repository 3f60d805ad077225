package dev.caretaker.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code caretaker.embedded-postgres.*}: the embedded default database, used when no datasource URL is set. Here
 * rather than in {@code store} because the self-probes read it too (they watch the disk it lives on).
 *
 * @param dataDir where the embedded PostgreSQL keeps its data across restarts
 */
@ConfigurationProperties("caretaker.embedded-postgres")
public record EmbeddedPostgresSettings(@NotBlank @Bindable(defaultValue = "data/postgres") String dataDir) {
}
