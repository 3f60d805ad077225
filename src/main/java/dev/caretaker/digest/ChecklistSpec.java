package dev.caretaker.digest;

import dev.caretaker.config.ChannelAddress;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One recurring checklist from {@code caretaker.checklists[]}: name, channel, schedule and items. */
public record ChecklistSpec(String name, ChannelAddress channel, Cron cron, ZoneId zone, List<Item> items) {

    /** One line to tick; {@code check} names an automatic check ({@link ChecklistCheck#kind()}) or is empty. */
    public record Item(String text, Optional<String> check) {
        public Item {
            Objects.requireNonNull(text, "text");
            check = check == null ? Optional.empty() : check;
        }
    }

    public ChecklistSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        items = List.copyOf(items);
    }
}
