package dev.caretaker.chat.pigeon;

import dev.caretaker.config.Platform;
import dev.caretaker.config.PlatformSpec;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * A platform that exists only in tests, declared the way an adapter package declares one: nothing in
 * {@code config} or {@code security} names it, yet its roles and channel addresses are read from config.
 */
@Factory
@Requires(property = PigeonPlatform.SWITCH, value = "true")
public class PigeonPlatform {

    static final String SWITCH = "caretaker.test.pigeon-platform";
    static final Platform PIGEON = new Platform("pigeon");

    @Singleton
    PlatformSpec pigeonPlatformSpec() {
        return PlatformSpec.of(PIGEON.id());
    }
}
