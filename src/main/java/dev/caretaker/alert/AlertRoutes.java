package dev.caretaker.alert;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platforms;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where alerts go: {@code caretaker.alerts.routes[]}, each with {@code match} (label to value; {@code severity} is a
 * label too), {@code channels} (addresses), an optional {@code mention} for critical alerts, an optional on-call
 * {@code rotation} whose person on call critical alerts mention instead (and whose escalation steps they follow),
 * optional {@code quiet-hours}, and optional {@code attach} (command lines whose output is posted in the alert's thread
 * when it fires, see {@link AlertEnrichment}). An alert goes to the channels of every route that matches it, or to
 * {@code caretaker.alerts.default-channels} (default {@code [console]}) when none does; mention, rotation and quiet
 * hours come from the first matching route that has them; the attached commands of every matching route run.
 */
@Singleton
public class AlertRoutes {

    /** One route from config; {@code attach} holds command lines with {@code {labels.<name>}} placeholders. */
    public record Route(Map<String, String> match, List<ChannelAddress> channels, String mention, String rotation,
                        QuietHours quietHours, List<String> attach) {

        public Route {
            match = Map.copyOf(match);
            channels = List.copyOf(channels);
            attach = attach == null ? List.of() : List.copyOf(attach);
        }

        /** A route without attached commands. */
        public Route(Map<String, String> match, List<ChannelAddress> channels, String mention, String rotation,
                     QuietHours quietHours) {
            this(match, channels, mention, rotation, quietHours, List.of());
        }

        /** A route without rotation, quiet hours or attached commands. */
        public Route(Map<String, String> match, List<ChannelAddress> channels, String mention) {
            this(match, channels, mention, null, null, List.of());
        }

        boolean matches(Map<String, String> labels) {
            return match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    /** Where one alert (or group) goes, who it pages, when it keeps quiet, and what runs for its thread. */
    public record Destination(List<ChannelAddress> channels, String mention, String rotation, QuietHours quietHours,
                              List<String> attach) {

        public Destination {
            attach = attach == null ? List.of() : List.copyOf(attach);
        }

        public Destination(List<ChannelAddress> channels, String mention, String rotation, QuietHours quietHours) {
            this(channels, mention, rotation, quietHours, List.of());
        }

        public Destination(List<ChannelAddress> channels, String mention) {
            this(channels, mention, null, null, List.of());
        }
    }

    private final List<Route> routes;
    private final List<ChannelAddress> defaults;

    @Inject
    public AlertRoutes(PropertyResolver config, Platforms platforms) {
        this(readRoutes(config, platforms), readDefaults(config, platforms));
    }

    public AlertRoutes(List<Route> routes, List<ChannelAddress> defaults) {
        this.routes = List.copyOf(routes);
        this.defaults = List.copyOf(defaults);
    }

    public Destination route(Map<String, String> labels) {
        Set<ChannelAddress> channels = new LinkedHashSet<>();
        String mention = null;
        String rotation = null;
        QuietHours quiet = null;
        Set<String> attach = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.matches(labels)) {
                channels.addAll(r.channels());
                attach.addAll(r.attach());
                mention = mention == null ? r.mention() : mention;
                rotation = rotation == null ? r.rotation() : rotation;
                quiet = quiet == null ? r.quietHours() : quiet;
            }
        }
        if (channels.isEmpty()) {
            channels.addAll(defaults);
        }
        return new Destination(List.copyOf(channels), mention, rotation, quiet, List.copyOf(attach));
    }

    public List<Route> routes() {
        return routes;
    }

    /** Where alerts go that no route matches ({@code caretaker.alerts.default-channels}). */
    public List<ChannelAddress> defaultChannels() {
        return defaults;
    }

    @SuppressWarnings("unchecked")
    private static List<Route> readRoutes(PropertyResolver config, Platforms platforms) {
        List<Object> raw = config.getProperty("caretaker.alerts.routes", List.class).orElse(List.of());
        List<Route> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map<?, ?> entry)) {
                problems.add(AlertRouteMessages.alertRouteNotAMap(i));
                continue;
            }
            Map<String, String> match = new LinkedHashMap<>();
            if (entry.get("match") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> match.put(String.valueOf(k), String.valueOf(v)));
            }
            List<ChannelAddress> channels = addresses(entry.get("channels"), "caretaker.alerts.routes[" + i + "].channels",
                    problems, platforms);
            if (channels.isEmpty()) {
                problems.add(AlertRouteMessages.alertRouteWithoutChannels(i));
            }
            Object mention = entry.get("mention");
            Object rotation = entry.get("rotation");
            QuietHours quiet = quietHours(entry.get("quiet-hours"), "caretaker.alerts.routes[" + i + "].quiet-hours",
                    problems);
            List<String> attach = attach(entry.get("attach"), "caretaker.alerts.routes[" + i + "].attach", problems);
            out.add(new Route(match, channels, mention == null || mention.toString().isBlank() ? null : mention.toString(),
                    rotation == null || rotation.toString().isBlank() ? null : rotation.toString().strip(), quiet, attach));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        return out;
    }

    /** {@code attach: ["logs {labels.service} lines=50", "db queries"]}: command lines, checked against the commands later. */
    private static List<String> attach(Object raw, String key, List<String> problems) {
        if (raw == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (raw instanceof List<?> list && list.stream().allMatch(o -> o instanceof String s && !s.isBlank())) {
            list.forEach(o -> out.add(((String) o).strip()));
            return out;
        }
        problems.add(EnrichmentMessages.attachNotAList(key));
        return out;
    }

    /** {@code {from: "22:00", to: "08:00", zone: Europe/Berlin, severities: [warning, info]}}; null when absent. */
    private static QuietHours quietHours(Object raw, String key, List<String> problems) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            problems.add(PagingMessages.quietHoursNotAMap(key));
            return null;
        }
        int before = problems.size();
        LocalTime from = time(m.get("from"), key + ".from", problems);
        LocalTime to = time(m.get("to"), key + ".to", problems);
        ZoneId zone = ZoneId.of("UTC");
        if (m.get("zone") != null) {
            try {
                zone = ZoneId.of(m.get("zone").toString().strip());
            } catch (DateTimeException e) {
                problems.add(PagingMessages.quietHoursBadZone(key + ".zone", m.get("zone").toString()));
            }
        }
        Set<String> severities = new LinkedHashSet<>(List.of("warning", "info"));
        if (m.get("severities") instanceof List<?> list) {
            severities.clear();
            for (Object o : list) {
                String sev = String.valueOf(o).strip().toLowerCase(Locale.ROOT);
                if (sev.equals("critical")) {
                    problems.add(PagingMessages.quietHoursCritical(key + ".severities"));
                } else if (!sev.equals("warning") && !sev.equals("info")) {
                    problems.add(PagingMessages.quietHoursBadSeverity(key + ".severities", sev));
                } else {
                    severities.add(sev);
                }
            }
        } else if (m.get("severities") != null) {
            problems.add(PagingMessages.quietHoursBadSeverity(key + ".severities", m.get("severities").toString()));
        }
        return problems.size() > before ? null : new QuietHours(from, to, zone, severities);
    }

    private static LocalTime time(Object raw, String key, List<String> problems) {
        if (raw == null) {
            problems.add(PagingMessages.quietHoursBadTime(key, ""));
            return null;
        }
        // YAML reads an unquoted 22:00 as the number of minutes 1320 (sexagesimal); take both forms
        String text = raw instanceof Number n ? String.format(Locale.ROOT, "%02d:%02d", n.intValue() / 60, n.intValue() % 60)
                : raw.toString().strip();
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeParseException e) {
            problems.add(PagingMessages.quietHoursBadTime(key, text));
            return null;
        }
    }

    private static List<ChannelAddress> readDefaults(PropertyResolver config, Platforms platforms) {
        Object raw = config.getProperty("caretaker.alerts.default-channels", List.class).map(l -> (Object) l)
                .orElse(List.of("console"));
        List<String> problems = new ArrayList<>();
        List<ChannelAddress> out = addresses(raw, "caretaker.alerts.default-channels", problems, platforms);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        return out;
    }

    private static List<ChannelAddress> addresses(Object raw, String key, List<String> problems,
                                                  Platforms platforms) {
        List<String> texts = new ArrayList<>();
        if (raw instanceof List<?> list) {
            list.forEach(o -> texts.add(String.valueOf(o)));
        } else if (raw != null) {
            for (String part : raw.toString().split(",")) {
                texts.add(part.strip());
            }
        }
        List<ChannelAddress> out = new ArrayList<>();
        for (String t : texts) {
            platforms.address(t).ifPresentOrElse(out::add, () -> problems.add(AlertRouteMessages.alertChannelInvalid(key, t)));
        }
        return out;
    }
}
