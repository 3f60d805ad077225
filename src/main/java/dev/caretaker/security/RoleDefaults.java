package dev.caretaker.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * The roles of people no grant under {@code caretaker.roles} lists: two keys at different levels of {@code caretaker}
 * (beside the grants, and in the console's settings), so each component names its key. {@link RolesConfig} checks
 * that every name is a known role.
 *
 * @param defaultRoles {@code caretaker.default-roles}: people listed nowhere
 * @param consoleRoles {@code caretaker.console.roles}: whoever has a shell on the machine
 */
@ConfigurationProperties("caretaker")
public record RoleDefaults(@NotNull @Property(name = "caretaker.default-roles") @Bindable(defaultValue = "viewer")
                           List<String> defaultRoles,
                           @NotNull @Property(name = "caretaker.console.roles") @Bindable(defaultValue = "admin")
                           List<String> consoleRoles) {
}
