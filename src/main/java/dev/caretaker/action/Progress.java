package dev.caretaker.action;

/**
 * Where a long action reports how far it got. Adapters edit one progress message with each update
 * (and may drop updates that come faster than the platform allows); the console prints them.
 */
@FunctionalInterface
public interface Progress {

    void update(String text);

    Progress NONE = text -> {
    };
}
