package dev.caretaker.action.custom;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The boot check every declared kind starts with: settings it does not know, one sentence each. */
final class SettingKeys {

    private SettingKeys() {
    }

    /** @param known the keys of the kind, in the order the sentence lists them */
    static List<String> unknown(String kind, Map<String, Object> settings, List<String> known) {
        Set<String> allowed = Set.copyOf(known);
        List<String> problems = new ArrayList<>();
        String list = known.size() == 1 ? known.get(0)
                : String.join(", ", known.subList(0, known.size() - 1)) + " and " + known.get(known.size() - 1);
        for (String key : settings.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(kind + " commands take " + list + "; `" + key + "` is unknown");
            }
        }
        return problems;
    }
}
