package dev.caretaker.action.builtin;

import java.util.List;

/** What {@code help} shows: the command tables, a command's fields and arguments. */
final class HelpMessages {

    private HelpMessages() {
    }

    static String header() {
        return "Caretaker commands";
    }

    static String groupHeader(String group) {
        return "Commands in " + group;
    }

    /** The group of commands that have none, listed first. */
    static String generalGroup() {
        return "general";
    }

    static List<String> columns() {
        return List.of("command", "role", "what it does");
    }

    static String footer() {
        return "Type `help <command>` for its arguments and examples. Arguments go by position or as key=value.";
    }

    static String usageLabel() {
        return "Usage";
    }

    static String roleLabel() {
        return "Role";
    }

    static String confirmationLabel() {
        return "Confirmation";
    }

    static String asksToConfirm() {
        return "asks you to confirm first";
    }

    static String approvalLabel() {
        return "Approval";
    }

    static String moreApprovers(int more) {
        return more + " more person(s) with the role must approve";
    }

    static String cooldownLabel() {
        return "Cooldown";
    }

    static String channelsLabel() {
        return "Channels";
    }

    static List<String> argColumns() {
        return List.of("argument", "type", "given", "meaning");
    }

    static String required() {
        return "required";
    }

    static String optional() {
        return "optional";
    }

    static String defaultValue(String value) {
        return "default " + value;
    }

    /** The bounds of an {@code int} argument after its type; {@code min} or {@code max} may be null, not both. */
    static String range(Long min, Long max) {
        if (max == null) {
            return " (" + min + " or more)";
        }
        return min == null ? " (at most " + max + ")" : " (" + min + " to " + max + ")";
    }

    static String examplesLabel() {
        return "Examples";
    }
}
