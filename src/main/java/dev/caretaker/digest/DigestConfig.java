package dev.caretaker.digest;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platforms;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The digests ({@code caretaker.digests[]}) and recurring checklists ({@code caretaker.checklists[]}) from config,
 * checked when first read: a bad channel, cron, zone, section or check kind is one sentence each, all at once.
 */
@Singleton
public class DigestConfig {

    /** A digest without {@code cron} is posted daily at 09:00. */
    public static final String DEFAULT_CRON = "0 9 * * *";
    /** A digest without {@code sections} has every section there is. */
    public static final String ALL_SECTIONS = "all";

    private final List<DigestSpec> digests;
    private final List<ChecklistSpec> checklists;

    @Inject
    public DigestConfig(PropertyResolver config, List<DigestSection> sections, List<ChecklistCheck> checks,
                        Platforms platforms) {
        this(list(config, "caretaker.digests"), list(config, "caretaker.checklists"),
                sections.stream().map(DigestSection::name).toList(), checks.stream().map(ChecklistCheck::kind).toList(),
                platforms);
    }

    /** @throws ConfigurationException listing every problem */
    public DigestConfig(List<Map<String, Object>> digests, List<Map<String, Object>> checklists,
                        Collection<String> sectionNames, Collection<String> checkKinds, Platforms platforms) {
        List<String> problems = new ArrayList<>();
        List<DigestSpec> d = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < digests.size(); i++) {
            readDigest("caretaker.digests[" + i + "]", digests.get(i), new TreeSet<>(sectionNames), problems, platforms)
                    .ifPresent(spec -> {
                        if (!names.add(spec.name())) {
                            problems.add(DigestConfigMessages.digestDuplicateName(spec.name()));
                        }
                        d.add(spec);
                    });
        }
        List<ChecklistSpec> c = new ArrayList<>();
        Set<String> checklistNames = new LinkedHashSet<>();
        for (int i = 0; i < checklists.size(); i++) {
            readChecklist("caretaker.checklists[" + i + "]", checklists.get(i), new TreeSet<>(checkKinds), problems, platforms)
                    .ifPresent(spec -> {
                        if (!checklistNames.add(spec.name())) {
                            problems.add(DigestConfigMessages.checklistDuplicateName(spec.name()));
                        }
                        c.add(spec);
                    });
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
        this.digests = List.copyOf(d);
        this.checklists = List.copyOf(c);
    }

    public List<DigestSpec> digests() {
        return digests;
    }

    public List<ChecklistSpec> checklists() {
        return checklists;
    }

    public Optional<ChecklistSpec> checklist(String name) {
        return checklists.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The digest configured for a channel, or a daily one with every section when none is. */
    public DigestSpec forChannel(ChannelAddress channel) {
        return digests.stream().filter(s -> s.channel().equals(channel)).findFirst()
                .orElseGet(() -> new DigestSpec(channel.toString(), channel, Cron.parse(DEFAULT_CRON), ZoneId.of("UTC"),
                        List.of(ALL_SECTIONS)));
    }

    private static Optional<DigestSpec> readDigest(String key, Map<String, Object> m, Set<String> known,
                                                   List<String> problems, Platforms platforms) {
        int before = problems.size();
        ChannelAddress channel = channel(key, m, problems, platforms);
        Cron cron = cron(key, m, problems);
        ZoneId zone = zone(key, m, problems);
        List<String> sections = strings(m.get("sections"));
        if (sections.isEmpty()) {
            sections = List.of(ALL_SECTIONS);
        }
        for (String s : sections) {
            if (!s.equals(ALL_SECTIONS) && !known.contains(s)) {
                problems.add(DigestConfigMessages.digestUnknownSection(key, s, known));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        String name = text(m.get("name")).orElse(channel.toString());
        return Optional.of(new DigestSpec(name, channel, cron, zone, sections));
    }

    private static Optional<ChecklistSpec> readChecklist(String key, Map<String, Object> m, Set<String> kinds,
                                                         List<String> problems, Platforms platforms) {
        int before = problems.size();
        Optional<String> name = text(m.get("name"));
        if (name.isEmpty()) {
            problems.add(DigestConfigMessages.checklistNeedsName(key));
        }
        ChannelAddress channel = channel(key, m, problems, platforms);
        Cron cron = m.get("cron") == null ? null : cron(key, m, problems);
        if (m.get("cron") == null) {
            problems.add(DigestConfigMessages.checklistNeedsCron(key));
        }
        ZoneId zone = zone(key, m, problems);
        List<ChecklistSpec.Item> items = new ArrayList<>();
        Object rawItems = m.get("items");
        if (!(rawItems instanceof List<?> list) || list.isEmpty()) {
            problems.add(DigestConfigMessages.checklistNeedsItems(key));
        } else {
            for (Object o : list) {
                if (o instanceof Map<?, ?> item) {
                    Optional<String> text = text(item.get("text"));
                    Optional<String> check = text(item.get("check"));
                    if (text.isEmpty()) {
                        problems.add(DigestConfigMessages.checklistItemNeedsText(key));
                    } else if (check.isPresent() && !kinds.contains(check.get())) {
                        problems.add(DigestConfigMessages.checklistUnknownCheck(key, check.get(), kinds));
                    } else {
                        items.add(new ChecklistSpec.Item(text.get(), check));
                    }
                } else if (o != null && !o.toString().isBlank()) {
                    items.add(new ChecklistSpec.Item(o.toString().strip(), Optional.empty()));
                }
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ChecklistSpec(name.orElseThrow(), channel, cron, zone, items));
    }

    private static ChannelAddress channel(String key, Map<String, Object> m, List<String> problems,
                                          Platforms platforms) {
        Optional<String> text = text(m.get("channel"));
        Optional<ChannelAddress> channel = text.flatMap(platforms::address);
        if (channel.isEmpty()) {
            problems.add(DigestConfigMessages.digestBadChannel(key, text.orElse("")));
            return ChannelAddress.CONSOLE;
        }
        return channel.get();
    }

    private static Cron cron(String key, Map<String, Object> m, List<String> problems) {
        String text = text(m.get("cron")).orElse(DEFAULT_CRON);
        try {
            return Cron.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(DigestConfigMessages.digestBadCron(key, text, e.getMessage()));
            return null;
        }
    }

    private static ZoneId zone(String key, Map<String, Object> m, List<String> problems) {
        String text = text(m.get("zone")).orElse("UTC");
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            problems.add(DigestConfigMessages.digestBadZone(key, text));
            return null;
        }
    }

    private static Optional<String> text(Object o) {
        return o == null || o.toString().isBlank() ? Optional.empty() : Optional.of(o.toString().strip());
    }

    private static List<String> strings(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().filter(x -> x != null && !x.toString().isBlank()).map(x -> x.toString().strip()).toList();
        }
        if (o != null && !o.toString().isBlank()) {
            // a comma-separated string, as environment variables give it
            return List.of(o.toString().split("\\s*,\\s*")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(PropertyResolver config, String key) {
        Optional<List> raw = config.getProperty(key, List.class);
        List<Map<String, Object>> out = new ArrayList<>();
        raw.ifPresent(l -> {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        });
        return out;
    }
}
