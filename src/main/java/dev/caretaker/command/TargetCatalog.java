package dev.caretaker.command;

import java.util.Set;

/** The names of configured targets by type, so the parser can check and default {@code target} args. */
@FunctionalInterface
public interface TargetCatalog {

    /** Target names of one type ({@code postgres}, {@code redis}, …), or every name when type is null. */
    Set<String> names(String type);

    TargetCatalog NONE = type -> Set.of();
}
