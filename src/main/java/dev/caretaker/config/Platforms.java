package dev.caretaker.config;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chat platforms Caretaker knows: the console, and one {@link PlatformSpec} from each adapter package on the
 * class path (whether or not its token is configured, so config naming its channels stays valid). Channel
 * addresses from config and from users are read here.
 */
@Singleton
public final class Platforms {

    private final Map<Platform, PlatformSpec> specs = new LinkedHashMap<>();

    public Platforms(List<PlatformSpec> contributed) {
        List<PlatformSpec> sorted = new ArrayList<>(contributed);
        sorted.sort(Comparator.comparing(s -> s.platform().id()));
        for (PlatformSpec spec : sorted) {
            if (specs.putIfAbsent(spec.platform(), spec) != null) {
                // two adapter packages claiming one prefix is a build mistake, not a configuration one
                throw new IllegalStateException("two adapters declare the platform " + spec.platform());
            }
        }
    }

    /** The declared platforms (the console is not one), by id. */
    public List<PlatformSpec> all() {
        return List.copyOf(specs.values());
    }

    public Optional<PlatformSpec> spec(Platform platform) {
        return Optional.ofNullable(specs.get(platform));
    }

    /** Whether messages and people can come from this platform: the console or a declared one. */
    public boolean knows(Platform platform) {
        return platform.equals(Platform.CONSOLE) || specs.containsKey(platform);
    }

    /**
     * Reads {@code <platform>:<id>} or {@code console}; empty when the platform is not one Caretaker knows or the
     * id does not have that platform's shape.
     */
    public Optional<ChannelAddress> address(String text) {
        return ChannelAddress.parse(text).filter(a -> a.platform().equals(Platform.CONSOLE)
                || spec(a.platform()).filter(s -> s.channelId().matcher(a.id()).matches()).isPresent());
    }
}
