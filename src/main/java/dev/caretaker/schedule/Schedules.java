package dev.caretaker.schedule;

import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.ConfigProblem;
import dev.caretaker.command.ParsedCommand;
import dev.caretaker.command.Parser;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.command.UsageException;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platforms;
import dev.caretaker.digest.Cron;
import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.security.Role;
import dev.caretaker.security.RolesConfig;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scheduled commands from {@code caretaker.schedules[]}, checked at start-up against the commands they name: a
 * bad name, cron, zone, channel or role, a command that does not parse, that the role may not run, or that would
 * wait for a confirmation or another person's approval (nobody is there to give it) stops the boot, one sentence per
 * problem naming the key (the application asks for this bean right after the commands, as it starts). {@code commands
 * reload} asks {@link #problems} before it swaps the commands.
 */
@Singleton
public class Schedules {

    static final String PREFIX = "caretaker.schedules";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final List<Schedule> schedules;
    private final List<ScheduleSettings> settings;
    private final Platforms platforms;
    private final RolesConfig roles;
    private final TargetCatalog targets;

    public Schedules(List<ScheduleSettings> settings, CommandCatalog catalog, Optional<TargetCatalog> targets,
                     Platforms platforms, RolesConfig roles) {
        this.settings = settings.stream().sorted(Comparator.comparing(ScheduleSettings::index)).toList();
        this.platforms = platforms;
        this.roles = roles;
        this.targets = targets.orElse(TargetCatalog.NONE);
        List<String> problems = new ArrayList<>();
        this.schedules = read(catalog.registry(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
    }

    public List<Schedule> all() {
        return schedules;
    }

    public Optional<Schedule> find(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return schedules.stream().filter(s -> s.name().equals(n)).findFirst();
    }

    /** What would be wrong with the schedules if {@code commands} were the command set (for {@code commands reload}). */
    public List<ConfigProblem> problems(CommandRegistry commands) {
        List<String> problems = new ArrayList<>();
        read(commands, problems);
        return problems.stream().map(p -> new ConfigProblem(PREFIX, 0, p)).toList();
    }

    private List<Schedule> read(CommandRegistry commands, List<String> problems) {
        Parser parser = new Parser(commands, targets);
        List<Schedule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ScheduleSettings s : settings) {
            String key = PREFIX + "[" + s.index() + "]";
            int before = problems.size();
            String name = text(s.name()).map(n -> n.toLowerCase(Locale.ROOT)).orElse(null);
            if (name == null || !NAME.matcher(name).matches()) {
                problems.add(ScheduleMessages.badName(key, s.name()));
            } else if (!names.add(name)) {
                problems.add(ScheduleMessages.duplicateName(key, name));
            }
            Cron cron = null;
            String cronText = text(s.cron()).orElse("");
            try {
                cron = Cron.parse(cronText);
            } catch (IllegalArgumentException e) {
                problems.add(ScheduleMessages.badCron(key, e.getMessage()));
            }
            ZoneId zone = null;
            String zoneText = text(s.zone()).orElse("UTC");
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                problems.add(ScheduleMessages.badZone(key, zoneText));
            }
            Optional<ChannelAddress> channel = text(s.channel()).flatMap(platforms::address);
            if (channel.isEmpty()) {
                problems.add(ScheduleMessages.badChannel(key, text(s.channel()).orElse("")));
            }
            String as = text(s.as()).orElse(null);
            if (as == null || !roles.knownRoles().contains(as)) {
                problems.add(ScheduleMessages.badRole(key, as, roles.knownRoles()));
            }
            String quietText = text(s.quiet()).orElse("false").toLowerCase(Locale.ROOT);
            if (!quietText.equals("true") && !quietText.equals("false")) {
                problems.add(ScheduleMessages.badQuiet(key, quietText));
            }
            String line = text(s.command()).orElse(null);
            if (line == null) {
                problems.add(ScheduleMessages.noCommand(key));
            } else {
                try {
                    ParsedCommand parsed = parser.parse(line);
                    CommandSpec command = parsed.command();
                    if (command.needsApproval()) {
                        problems.add(ScheduleMessages.needsApproval(key, name, command.name()));
                    } else if (command.confirm()) {
                        problems.add(ScheduleMessages.needsConfirmation(key, name, command.name()));
                    } else if (as != null && !Role.satisfies(Set.of(as), command.role())) {
                        problems.add(ScheduleMessages.roleTooLow(key, name, command.name(), as, command.role()));
                    }
                } catch (UsageException e) {
                    problems.add(ScheduleMessages.commandUnusable(key, line, e.getMessage()));
                }
            }
            if (problems.size() == before) {
                out.add(new Schedule(name, key, cron, zone, line, channel.get(), as, quietText.equals("true")));
            }
        }
        return List.copyOf(out);
    }

    private static Optional<String> text(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
