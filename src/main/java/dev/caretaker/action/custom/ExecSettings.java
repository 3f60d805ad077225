package dev.caretaker.action.custom;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code caretaker.exec.*}: where declared commands ({@code exec}, {@code logs} and the recipes in {@code commands/})
 * find their programs.
 *
 * @param path directories separated by {@code :}, searched in order for a program named without a slash, and the
 *             {@code PATH} that program runs with; unset, the {@code PATH} Caretaker was started with. Tests point it at
 *             a directory of fake {@code kubectl} / {@code docker} scripts.
 */
@ConfigurationProperties("caretaker.exec")
public record ExecSettings(@Nullable String path) {
}
