package dev.caretaker.security;

import java.util.Collection;

/** What people read about roles: the role a command needs, and role settings that do not exist. */
public final class RoleMessages {

    private RoleMessages() {
    }

    static String unknownRoleSetting(String key, Collection<String> known) {
        return "`" + key + "` is not a role setting; list people under " + orList(known) + ".";
    }

    private static String orList(Collection<String> items) {
        java.util.List<String> list = java.util.List.copyOf(items);
        if (list.size() <= 1) {
            return String.join("", list);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }

    public static String missingRole(String role, String command) {
        return "You need the " + role + " role to run `" + command + "`. Ask an admin to add you under "
                + "`caretaker.roles." + role + "`.";
    }
}
