package dev.caretaker.security;

import java.util.List;
import java.util.Set;

/**
 * Permission levels. The built-in levels are ordered {@code viewer < operator < admin}; a level grants
 * every lower one, and admin grants every named role from config too.
 */
public final class Role {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    /** Built-in levels, lowest first. */
    public static final List<String> LEVELS = List.of(VIEWER, OPERATOR, ADMIN);

    private Role() {
    }

    public static boolean isLevel(String role) {
        return LEVELS.contains(role);
    }

    /** Whether someone holding {@code held} may do what needs {@code required}. */
    public static boolean satisfies(Set<String> held, String required) {
        if (held.contains(required) || held.contains(ADMIN)) {
            return true;
        }
        int need = LEVELS.indexOf(required);
        if (need < 0) {
            return false;
        }
        for (String r : held) {
            if (LEVELS.indexOf(r) >= need) {
                return true;
            }
        }
        return false;
    }
}
