package dev.caretaker.digest;

import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platforms;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The digests ({@code caretaker.digests[]}, each a {@link DigestEntrySettings}) and recurring checklists
 * ({@code caretaker.checklists[]}, each a {@link ChecklistSettings}) from config, checked when first read: a bad channel, cron, zone, section or check kind is one sentence each, all at once.
 */
@Singleton
public class DigestConfig {

    /** A digest without {@code cron} is posted daily at 09:00. */
    public static final String DEFAULT_CRON = "0 9 * * *";
    /** A digest without {@code sections} has every section there is. */
    public static final String ALL_SECTIONS = "all";

    static final String DIGESTS = "caretaker.digests";
    static final String CHECKLISTS = "caretaker.checklists";

    private final List<DigestSpec> digests;
    private final List<ChecklistSpec> checklists;

    @Inject
    public DigestConfig(List<DigestEntrySettings> digests, List<ChecklistSettings> checklists,
                        List<DigestSection> sections, List<ChecklistCheck> checks, Platforms platforms) {
        this(digests, checklists, sections.stream().map(DigestSection::name).toList(),
                checks.stream().map(ChecklistCheck::kind).toList(), platforms);
    }

    /** @throws ConfigurationException listing every problem */
    public DigestConfig(List<DigestEntrySettings> digests, List<ChecklistSettings> checklists,
                        Collection<String> sectionNames, Collection<String> checkKinds, Platforms platforms) {
        List<String> problems = new ArrayList<>();
        List<DigestSpec> d = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (DigestEntrySettings digest : digests.stream().sorted(Comparator.comparing(DigestEntrySettings::index)).toList()) {
            readDigest(DIGESTS + "[" + digest.index() + "]", digest, new TreeSet<>(sectionNames), problems, platforms)
                    .ifPresent(spec -> {
                        if (!names.add(spec.name())) {
                            problems.add(DigestConfigMessages.digestDuplicateName(spec.name()));
                        }
                        d.add(spec);
                    });
        }
        List<ChecklistSpec> c = new ArrayList<>();
        Set<String> checklistNames = new LinkedHashSet<>();
        for (ChecklistSettings checklist : checklists.stream().sorted(Comparator.comparing(ChecklistSettings::index)).toList()) {
            readChecklist(CHECKLISTS + "[" + checklist.index() + "]", checklist, new TreeSet<>(checkKinds), problems,
                    platforms).ifPresent(spec -> {
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

    private static Optional<DigestSpec> readDigest(String key, DigestEntrySettings m, Set<String> known,
                                                   List<String> problems, Platforms platforms) {
        int before = problems.size();
        ChannelAddress channel = channel(key, m.channel(), problems, platforms);
        Cron cron = cron(key, m.cron(), problems);
        ZoneId zone = zone(key, m.zone(), problems);
        List<String> sections = strings(m.sections());
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
        String name = text(m.name()).orElse(channel.toString());
        return Optional.of(new DigestSpec(name, channel, cron, zone, sections));
    }

    private static Optional<ChecklistSpec> readChecklist(String key, ChecklistSettings m, Set<String> kinds,
                                                         List<String> problems, Platforms platforms) {
        int before = problems.size();
        Optional<String> name = text(m.name());
        if (name.isEmpty()) {
            problems.add(DigestConfigMessages.checklistNeedsName(key));
        }
        ChannelAddress channel = channel(key, m.channel(), problems, platforms);
        Cron cron = m.cron() == null ? null : cron(key, m.cron(), problems);
        if (m.cron() == null) {
            problems.add(DigestConfigMessages.checklistNeedsCron(key));
        }
        ZoneId zone = zone(key, m.zone(), problems);
        List<ChecklistSpec.Item> items = new ArrayList<>();
        if (m.items() == null || m.items().isEmpty()) {
            problems.add(DigestConfigMessages.checklistNeedsItems(key));
        } else {
            for (Object o : m.items()) {
                // an item is a line of text or {text, check}: the configuration allows both
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

    private static ChannelAddress channel(String key, String value, List<String> problems, Platforms platforms) {
        Optional<String> text = text(value);
        Optional<ChannelAddress> channel = text.flatMap(platforms::address);
        if (channel.isEmpty()) {
            problems.add(DigestConfigMessages.digestBadChannel(key, text.orElse("")));
            return ChannelAddress.CONSOLE;
        }
        return channel.get();
    }

    private static Cron cron(String key, String value, List<String> problems) {
        String text = text(value).orElse(DEFAULT_CRON);
        try {
            return Cron.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(DigestConfigMessages.digestBadCron(key, text, e.getMessage()));
            return null;
        }
    }

    private static ZoneId zone(String key, String value, List<String> problems) {
        String text = text(value).orElse("UTC");
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

    /** The named sections; a single comma-separated value (as an environment variable gives it) is split. */
    private static List<String> strings(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(Objects::nonNull).flatMap(v -> Stream.of(v.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
