package dev.caretaker.pipeline;

import dev.caretaker.command.CommandRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Exposes the registry the catalogue built, for beans (help, adapters) that only read it. */
@Factory
public class RegistryFactory {

    @Singleton
    CommandRegistry commandRegistry(CommandCatalog catalog) {
        return catalog.registry();
    }
}
