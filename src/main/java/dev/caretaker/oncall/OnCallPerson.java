package dev.caretaker.oncall;

import dev.caretaker.alert.Paging;
import dev.caretaker.config.Platform;
import dev.caretaker.security.Caller;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A person who can be on call: their name, their user id on each platform (by platform id), and their phone,
 * e-mail and time zone when config gives them (phone and e-mail are for the record; nothing dials or mails).
 */
public record OnCallPerson(String name, Map<String, String> ids, Optional<String> phone, Optional<String> email,
                           Optional<ZoneId> zone) {

    public OnCallPerson {
        ids = Map.copyOf(ids);
    }

    /** How messages mention them: {@code <@id>} where they have an id, their name on the console. */
    public Map<String, String> mentions() {
        Map<String, String> out = new LinkedHashMap<>();
        ids.forEach((platform, id) -> out.put(platform, "<@" + id + ">"));
        out.put(Platform.CONSOLE.id(), name);
        return out;
    }

    public Paging.Person paging() {
        return new Paging.Person(name, mentions());
    }

    /** Whether this is the person who asked. */
    public boolean is(Caller caller) {
        return caller.userId().equals(ids.get(caller.platform().id()));
    }

    /** Their mention on a platform, or their name where they have no id. */
    public String mentionOn(Platform platform) {
        return mentions().getOrDefault(platform.id(), name);
    }
}
