package dev.caretaker.oncall;

import dev.caretaker.alert.AlertRoutes;
import dev.caretaker.alert.Paging;
import dev.caretaker.command.Durations;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.config.Platforms;
import dev.caretaker.security.Caller;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rotations of {@code caretaker.oncall.rotations[]}, checked when the application starts: every bad value is one
 * sentence naming its key, all of them at once, and the start stops. Also checks that the routes' {@code rotation}
 * names exist.
 */
@Singleton
public class Rotations {

    /** Where turns are counted from when a rotation names no {@code start}: the first hand-off day of 2024. */
    static final LocalDate DEFAULT_START = LocalDate.of(2024, 1, 1);
    private static final Pattern HANDOFF = Pattern.compile("(?:([A-Za-z]+)\\s+)?(\\d{1,2}):(\\d{2})");
    private static final Pattern LENGTH = Pattern.compile("(\\d{1,3})([wd])");
    /** A mention as Slack ({@code <@U0123>}, {@code <@U0123|name>}) and Discord ({@code <@123>}, {@code <@!123>}) send it. */
    private static final Pattern MENTION = Pattern.compile("<@!?([A-Za-z0-9_-]+)(?:\\|[^>]*)?>");

    private final List<Rotation> rotations;
    private final Map<String, OnCallPerson> people;

    @Inject
    public Rotations(List<RotationSettings> settings, Platforms platforms, AlertRoutes routes) {
        this(settings.stream().sorted(Comparator.comparing(RotationSettings::index)).toList(), platforms,
                routes.routes().stream().map(AlertRoutes.Route::rotation).toList());
    }

    /** @param routeRotations the {@code rotation} of each alert route, in order (null where it names none) */
    public Rotations(List<RotationSettings> settings, Platforms platforms, List<String> routeRotations) {
        List<String> problems = new ArrayList<>();
        Map<String, OnCallPerson> directory = new LinkedHashMap<>();
        List<Rotation> out = new ArrayList<>();
        List<String> names = settings.stream().map(RotationSettings::name).filter(n -> n != null && !n.isBlank())
                .map(String::strip).toList();
        for (int i = 0; i < settings.size(); i++) {
            read("caretaker.oncall.rotations[" + i + "]", settings.get(i), platforms, directory, problems)
                    .ifPresent(r -> {
                        if (out.stream().anyMatch(o -> o.name().equalsIgnoreCase(r.name()))) {
                            problems.add(OnCallMessages.duplicateRotation(r.name()));
                        } else {
                            out.add(r);
                        }
                    });
        }
        // escalation steps may name any rotation or person, so they are checked once all are read
        for (int i = 0; i < settings.size(); i++) {
            List<RotationSettings.StepSettings> steps = settings.get(i).escalation();
            for (int j = 0; steps != null && j < steps.size(); j++) {
                String to = steps.get(j).to();
                if (to != null && !to.isBlank() && names.stream().noneMatch(n -> n.equalsIgnoreCase(to.strip()))
                        && !directory.containsKey(to.strip().toLowerCase(Locale.ROOT))) {
                    problems.add(OnCallMessages.stepUnknownTarget("caretaker.oncall.rotations[" + i + "].escalation[" + j
                            + "].to", to.strip()));
                }
            }
        }
        for (int i = 0; i < routeRotations.size(); i++) {
            String r = routeRotations.get(i);
            if (r != null && names.stream().noneMatch(n -> n.equalsIgnoreCase(r))) {
                problems.add(OnCallMessages.routeUnknownRotation("caretaker.alerts.routes[" + i + "].rotation", r, names));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        this.rotations = List.copyOf(out);
        this.people = Map.copyOf(directory);
    }

    public List<Rotation> all() {
        return rotations;
    }

    public Optional<Rotation> byName(String name) {
        return name == null ? Optional.empty()
                : rotations.stream().filter(r -> r.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** A person of any rotation, by name. */
    public Optional<OnCallPerson> person(String name) {
        return Optional.ofNullable(people.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** The person who asked, when config lists them. */
    public Optional<OnCallPerson> personOf(Caller caller) {
        return people.values().stream().filter(p -> p.is(caller)).findFirst();
    }

    /**
     * The person someone typed: a mention ({@code <@U0123>}, {@code <@U0123|alice>}, {@code <@!1122>}), a name
     * ({@code alice}, {@code @alice}) or a user id; empty when no rotation lists them.
     */
    public Optional<OnCallPerson> find(String typed, Platform platform) {
        String t = typed.strip();
        Matcher m = MENTION.matcher(t);
        String id = m.matches() ? m.group(1) : t;
        Optional<OnCallPerson> byId = people.values().stream().filter(p -> id.equals(p.ids().get(platform.id())))
                .findFirst();
        if (byId.isPresent()) {
            return byId;
        }
        byId = people.values().stream().filter(p -> p.ids().containsValue(id)).findFirst();
        if (byId.isPresent()) {
            return byId;
        }
        return person(t.startsWith("@") ? t.substring(1) : t);
    }

    private static Optional<Rotation> read(String key, RotationSettings s, Platforms platforms,
                                           Map<String, OnCallPerson> directory, List<String> problems) {
        int before = problems.size();
        String name = s.name() == null ? "" : s.name().strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,40}")) {
            problems.add(OnCallMessages.rotationBadName(key + ".name", name));
        }
        Optional<ChannelAddress> channel = Optional.empty();
        if (s.channel() != null && !s.channel().isBlank()) {
            channel = platforms.address(s.channel().strip());
            if (channel.isEmpty()) {
                problems.add(OnCallMessages.badChannel(key + ".channel", s.channel()));
            }
        }
        ZoneId zone = ZoneId.of("UTC");
        if (s.zone() != null && !s.zone().isBlank()) {
            try {
                zone = ZoneId.of(s.zone().strip());
            } catch (DateTimeException e) {
                problems.add(OnCallMessages.badZone(key + ".zone", s.zone()));
            }
        }
        int length = 7;
        if (s.length() != null && !s.length().isBlank()) {
            Matcher m = LENGTH.matcher(s.length().strip().toLowerCase(Locale.ROOT));
            if (m.matches() && Integer.parseInt(m.group(1)) > 0) {
                length = Integer.parseInt(m.group(1)) * (m.group(2).equals("w") ? 7 : 1);
            } else {
                problems.add(OnCallMessages.badLength(key + ".length", s.length()));
            }
        }
        Optional<DayOfWeek> day = Optional.empty();
        LocalTime time = LocalTime.of(9, 0);
        if (s.handoff() != null && !s.handoff().isBlank()) {
            Matcher m = HANDOFF.matcher(s.handoff().strip());
            Optional<DayOfWeek> parsedDay = m.matches() && m.group(1) != null ? dayOf(m.group(1)) : Optional.empty();
            if (!m.matches() || (m.group(1) != null && parsedDay.isEmpty()) || Integer.parseInt(m.group(2)) > 23
                    || Integer.parseInt(m.group(3)) > 59) {
                problems.add(OnCallMessages.badHandoff(key + ".handoff", s.handoff()));
            } else {
                day = parsedDay;
                time = LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        } else if (length % 7 == 0) {
            day = Optional.of(DayOfWeek.MONDAY);
        }
        if (day.isPresent() && length % 7 != 0) {
            problems.add(OnCallMessages.weekdayNeedsWeeks(key + ".handoff", key + ".length"));
        }
        LocalDate start = day.map(d -> DEFAULT_START.with(TemporalAdjusters.nextOrSame(d))).orElse(DEFAULT_START);
        if (s.start() != null && !s.start().isBlank()) {
            try {
                start = LocalDate.parse(s.start().strip());
                if (day.isPresent() && start.getDayOfWeek() != day.get()) {
                    problems.add(OnCallMessages.startNotHandoffDay(key + ".start", start, day.get()));
                }
            } catch (DateTimeParseException e) {
                problems.add(OnCallMessages.badDate(key + ".start", s.start()));
            }
        }
        List<OnCallPerson> people = new ArrayList<>();
        List<RotationSettings.PersonSettings> raw = s.people() == null ? List.of() : s.people();
        if (raw.isEmpty()) {
            problems.add(OnCallMessages.noPeople(key + ".people"));
        }
        for (int j = 0; j < raw.size(); j++) {
            person(key + ".people[" + j + "]", raw.get(j), platforms, directory, problems).ifPresent(people::add);
        }
        List<Paging.Step> steps = new ArrayList<>();
        List<RotationSettings.StepSettings> rawSteps = s.escalation() == null ? List.of() : s.escalation();
        for (int j = 0; j < rawSteps.size(); j++) {
            String stepKey = key + ".escalation[" + j + "]";
            RotationSettings.StepSettings step = rawSteps.get(j);
            Optional<Duration> after = step.after() == null ? Optional.empty() : Durations.parse(step.after().strip());
            if (after.isEmpty() || after.get().isZero()) {
                problems.add(OnCallMessages.badStepAfter(stepKey + ".after", step.after()));
            } else if (!steps.isEmpty() && after.get().compareTo(steps.get(steps.size() - 1).after()) <= 0) {
                problems.add(OnCallMessages.stepsOutOfOrder(stepKey + ".after"));
            }
            if (step.to() == null || step.to().isBlank()) {
                problems.add(OnCallMessages.stepWithoutTarget(stepKey + ".to"));
            }
            if (after.isPresent() && step.to() != null && !step.to().isBlank()) {
                steps.add(new Paging.Step(after.get(), step.to().strip()));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Rotation(name, channel, zone, day, time, length, start, people, steps));
    }

    private static Optional<OnCallPerson> person(String key, RotationSettings.PersonSettings p, Platforms platforms,
                                                 Map<String, OnCallPerson> directory, List<String> problems) {
        String name = p.name() == null ? "" : p.name().strip();
        if (name.isEmpty()) {
            problems.add(OnCallMessages.personWithoutName(key + ".name"));
            return Optional.empty();
        }
        Map<String, String> ids = new LinkedHashMap<>();
        if (p.ids() != null) {
            p.ids().forEach((platform, id) -> ids.put(platform.strip().toLowerCase(Locale.ROOT), String.valueOf(id).strip()));
        }
        if (p.slack() != null && !p.slack().isBlank()) {
            ids.put("slack", p.slack().strip());
        }
        if (p.discord() != null && !p.discord().isBlank()) {
            ids.put("discord", p.discord().strip());
        }
        int before = problems.size();
        for (Map.Entry<String, String> e : ids.entrySet()) {
            boolean known = Platform.fromId(e.getKey()).filter(platforms::knows).isPresent();
            if (!known || !e.getValue().matches("[A-Za-z0-9_-]{1,64}")) {
                problems.add(OnCallMessages.badPersonId(key + "." + e.getKey(), e.getValue()));
            }
        }
        Optional<ZoneId> zone = Optional.empty();
        if (p.zone() != null && !p.zone().isBlank()) {
            try {
                zone = Optional.of(ZoneId.of(p.zone().strip()));
            } catch (DateTimeException e) {
                problems.add(OnCallMessages.badZone(key + ".zone", p.zone()));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        OnCallPerson person = new OnCallPerson(name, ids, Optional.ofNullable(p.phone()).filter(x -> !x.isBlank()),
                Optional.ofNullable(p.email()).filter(x -> !x.isBlank()), zone);
        OnCallPerson known = directory.get(name.toLowerCase(Locale.ROOT));
        if (known == null) {
            directory.put(name.toLowerCase(Locale.ROOT), person);
            return Optional.of(person);
        }
        // the same person in several rotations is written once in full and may be named only elsewhere
        if (!ids.isEmpty() && !ids.equals(known.ids())) {
            problems.add(OnCallMessages.personIdsDiffer(key, name));
        }
        return Optional.of(known);
    }

    private static Optional<DayOfWeek> dayOf(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (full.equals(t) || (t.length() >= 3 && full.startsWith(t))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
