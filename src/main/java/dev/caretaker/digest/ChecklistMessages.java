package dev.caretaker.digest;

import java.util.List;

import static dev.caretaker.reply.Format.echo;
import static dev.caretaker.reply.Format.orList;

/** What a posted checklist reads, and the answers of its Done buttons and commands. */
final class ChecklistMessages {

    private ChecklistMessages() {
    }

    static String checkFailed(String kind) {
        return "the " + kind + " check could not run; tick it by hand";
    }

    static String checklistHeader(String checklist, String due) {
        return "Checklist " + checklist + ", " + due;
    }

    static String checklistHeaderLate(String checklist, String due) {
        return "Checklist " + checklist + ", " + due + " (late)";
    }

    static String checklistFooter(long done, int total) {
        return done + " of " + total + " done. Click Done when you have done an item; the digest lists what is open.";
    }

    static String checklistDoneBy(String who, String when) {
        return "done by " + who + ", " + when;
    }

    static String checklistDoneButton(int position, String text) {
        return "Done " + position + ": " + text;
    }

    static String checklistAuditDone(String checklist, String item) {
        return "Ticked \"" + echo(item) + "\" on checklist " + checklist + ".";
    }

    static String checklistDoneNeedsRole(String role) {
        return "You need the " + role + " role to tick checklist items. Ask in #ops.";
    }

    static String checklistItemNotFound() {
        return "That checklist item no longer exists; `checklist show` has the current list.";
    }

    static String checklistUnknown(String name, List<String> names) {
        return names.isEmpty() ? "There are no checklists; add some under `caretaker.checklists` in the config."
                : "There is no checklist `" + echo(name) + "`; try " + orList(names) + ".";
    }

    static String checklistNotPostedYet(String name) {
        return "Checklist " + name + " has not been posted yet; it appears here after its first scheduled time.";
    }

    static String checklistNoneConfigured() {
        return "There are no checklists; add some under `caretaker.checklists` in the config.";
    }

    static String checklistOverviewLine(String name, int open, int total) {
        return open == 0 ? name + ": all " + total + " items done." : name + ": " + open + " of " + total
                + " items still open (`checklist show " + name + "`).";
    }

    static String checklistOverviewHeader() {
        return "Checklists";
    }
}
