package dev.caretaker.alert;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platforms;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where alerts go: {@code caretaker.alerts.routes[]}, each with {@code match} (label to value; {@code severity} is a
 * label too), {@code channels} (addresses) and an optional {@code mention} for critical alerts. An alert goes to
 * the channels of every route that matches it, or to {@code caretaker.alerts.default-channels} (default
 * {@code [console]}) when none does.
 */
@Singleton
public class AlertRoutes {

    /** One route from config. */
    public record Route(Map<String, String> match, List<ChannelAddress> channels, String mention) {

        public Route {
            match = Map.copyOf(match);
            channels = List.copyOf(channels);
        }

        boolean matches(Map<String, String> labels) {
            return match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    /** Where one alert (or group) goes. */
    public record Destination(List<ChannelAddress> channels, String mention) {
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
        for (Route r : routes) {
            if (r.matches(labels)) {
                channels.addAll(r.channels());
                if (mention == null) {
                    mention = r.mention();
                }
            }
        }
        if (channels.isEmpty()) {
            channels.addAll(defaults);
        }
        return new Destination(List.copyOf(channels), mention);
    }

    public List<Route> routes() {
        return routes;
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
            out.add(new Route(match, channels, mention == null || mention.toString().isBlank() ? null : mention.toString()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        return out;
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
