package dev.caretaker.target;

import java.util.List;
import java.util.Map;

/**
 * A kind of target that lives in its own package ({@code target.redis}, …) and checks its own settings at boot.
 * {@link Targets} finds every such bean, so this package never imports the packages of its kinds.
 */
public interface TargetType {

    /** The {@code type:} this kind serves, e.g. {@code redis}. */
    String type();

    /**
     * What is wrong with one target's settings, one phrase each ({@link Targets} names the target around it);
     * empty when it can work. {@code all} is every configured target, for settings that name another one.
     */
    List<String> problems(TargetSpec spec, Map<String, TargetSpec> all);

    /**
     * Targets of this kind that exist without configuration, given the configured ones (the bot's own database is
     * the postgres target {@code caretaker} when no other is configured); none unless a kind says so.
     */
    default List<TargetSpec> implicit(Map<String, TargetSpec> configured) {
        return List.of();
    }
}
