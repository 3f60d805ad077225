package dev.caretaker.oncall;

import dev.caretaker.alert.AlertRoutes;
import dev.caretaker.command.Durations;
import dev.caretaker.command.ParsedCommand;
import dev.caretaker.command.Parser;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.command.UsageException;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.config.Platforms;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.security.AccessDecision;
import dev.caretaker.security.Caller;
import dev.caretaker.security.RoleResolver;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code caretaker.maintenance}, checked when first needed (at start-up, by {@link OnCallTimers}): the banner
 * channels, the zone, the longest window, and the hooks, which must be commands this registry knows, that need no
 * second person's approval, and that the hook's identity may run. Every bad value is one sentence naming its key.
 */
@Singleton
public class MaintenanceConfig {

    /** The longest window when config sets none. */
    public static final Duration DEFAULT_MAX = Duration.ofDays(7);
    /** Who runs the hooks when config names nobody. */
    public static final String HOOK_USER = "maintenance-hook";

    private final List<ChannelAddress> channels;
    private final ZoneId zone;
    private final Duration maxDuration;
    private final Optional<String> startHook;
    private final Optional<String> endHook;
    private final Caller hookCaller;

    @Inject
    /**
     * @param dispatcher asked for the command registry only when hooks are configured, so that a context without them
     *                   does not build the command catalogue just for this
     */
    public MaintenanceConfig(MaintenanceSettings settings, Platforms platforms, AlertRoutes routes,
                             BeanProvider<Dispatcher> dispatcher, Optional<TargetCatalog> targets, RoleResolver roles) {
        List<String> problems = new ArrayList<>();
        List<ChannelAddress> chosen = new ArrayList<>();
        if (settings.channels() == null || settings.channels().isEmpty()) {
            chosen.addAll(routes.defaultChannels());
        } else {
            for (int i = 0; i < settings.channels().size(); i++) {
                String text = settings.channels().get(i);
                Optional<ChannelAddress> a = platforms.address(text == null ? "" : text.strip());
                if (a.isPresent()) {
                    chosen.add(a.get());
                } else {
                    problems.add(MaintenanceMessages.badChannel("caretaker.maintenance.channels[" + i + "]", text));
                }
            }
        }
        ZoneId z = ZoneId.of("UTC");
        if (settings.zone() != null && !settings.zone().isBlank()) {
            try {
                z = ZoneId.of(settings.zone().strip());
            } catch (DateTimeException e) {
                problems.add(MaintenanceMessages.badZone("caretaker.maintenance.zone", settings.zone()));
            }
        }
        Duration max = DEFAULT_MAX;
        if (settings.maxDuration() != null && !settings.maxDuration().isBlank()) {
            Optional<Duration> d = Durations.parse(settings.maxDuration().strip());
            if (d.isEmpty() || d.get().compareTo(Duration.ofMinutes(1)) < 0) {
                problems.add(MaintenanceMessages.badMaxDuration("caretaker.maintenance.max-duration", settings.maxDuration()));
            } else {
                max = d.get();
            }
        }
        MaintenanceSettings.Hook hook = settings.hook();
        Caller caller = Caller.console(HOOK_USER);
        if (hook != null && hook.as() != null && !hook.as().isBlank()) {
            String as = hook.as().strip();
            Optional<ChannelAddress> who = platforms.address(as);
            if (who.isEmpty()) {
                problems.add(MaintenanceMessages.badHookIdentity("caretaker.maintenance.hook.as", as));
            } else if (!who.get().platform().equals(Platform.CONSOLE)) {
                caller = new Caller(who.get().platform(), who.get().id(), HOOK_USER, java.util.Set.of());
            }
        }
        boolean hooks = hook != null && (hook.start() != null && !hook.start().isBlank()
                || hook.end() != null && !hook.end().isBlank());
        Parser parser = hooks ? new Parser(dispatcher.get().registry(), targets.orElse(TargetCatalog.NONE)) : null;
        this.startHook = hook(hook == null ? null : hook.start(), "caretaker.maintenance.hook.start", parser, caller,
                roles, problems);
        this.endHook = hook(hook == null ? null : hook.end(), "caretaker.maintenance.hook.end", parser, caller, roles,
                problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        this.channels = List.copyOf(chosen);
        this.zone = z;
        this.maxDuration = max;
        this.hookCaller = caller;
    }

    private static Optional<String> hook(String line, String key, Parser parser, Caller caller, RoleResolver roles,
                                         List<String> problems) {
        if (line == null || line.isBlank()) {
            return Optional.empty();
        }
        try {
            ParsedCommand parsed = parser.parse(line.strip());
            if (parsed.command().needsApproval()) {
                problems.add(MaintenanceMessages.hookNeedsApproval(key, parsed.command().name()));
            } else if (roles.check(caller, parsed.command().role()) instanceof AccessDecision.MissingRole) {
                problems.add(MaintenanceMessages.hookLacksRole(key, parsed.command().name(), parsed.command().role()));
            }
        } catch (UsageException e) {
            problems.add(MaintenanceMessages.hookNotACommand(key, e.getMessage()));
        }
        return Optional.of(line.strip());
    }

    /** Where banners go. */
    public List<ChannelAddress> channels() {
        return channels;
    }

    public ZoneId zone() {
        return zone;
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    public Optional<String> startHook() {
        return startHook;
    }

    public Optional<String> endHook() {
        return endHook;
    }

    /** Who the hooks run as. */
    public Caller hookCaller() {
        return hookCaller;
    }
}
