package dev.caretaker.pipeline;

import java.time.Duration;
import java.util.Collection;

import static dev.caretaker.reply.Format.human;

/**
 * What the pipeline tells people: channel rules, cooldowns, duplicates, confirmation and approval, failed actions
 * and unreadable command files.
 */
final class PipelineMessages {

    private PipelineMessages() {
    }

    static String wrongChannel(String command, Collection<String> channels) {
        return "`" + command + "` may only run in " + String.join(", ", channels) + "; run it there.";
    }

    static String coolingDown(String command, Duration left) {
        return "`" + command + "` ran recently; it can run again in " + human(left) + ".";
    }

    static String duplicate() {
        return "This request was already received; it runs once.";
    }

    static String cannotCheckDuplicate(String command) {
        return "`" + command + "` did not run: Caretaker cannot reach Redis or its database to make sure it runs only "
                + "once; try again in a minute.";
    }

    /** The audit's note when PostgreSQL checked a delivery id in place of a lost Redis. */
    static String checkedByPostgres() {
        return "Redis was unreachable; PostgreSQL checked that this request runs once.";
    }

    static String confirmPrompt(String commandLine, Duration ttl) {
        return "About to run `" + commandLine + "`. Confirm within " + human(ttl) + ", or cancel.";
    }

    static String confirmOnConsole(String token) {
        return "Type `confirm " + token + "` to run it or `cancel " + token + "` to drop it.";
    }

    static String approvalPrompt(String requester, String commandLine, String role, int more, Duration ttl) {
        return requester + " asks to run `" + commandLine + "`. It needs " + more + " more "
                + (more == 1 ? "person" : "people") + " with the " + role + " role to approve within " + human(ttl)
                + ".";
    }

    static String approveOnConsole(String token) {
        return "Another person types `approve " + token + "` to approve it or `reject " + token + "` to drop it.";
    }

    static String pendingNotFound() {
        return "That request is not waiting any more: it expired, was already used, or never existed.";
    }

    static String onlyRequesterMayConfirm(String requester) {
        return "Only " + requester + ", who asked for it, can confirm or cancel this.";
    }

    static String requesterCannotApprove() {
        return "You asked for this yourself; another person with the role must approve it.";
    }

    static String alreadyApproved() {
        return "You already approved this; another person must approve it too.";
    }

    static String cancelledBy(String who, String commandLine) {
        return "`" + commandLine + "` was cancelled by " + who + "; nothing ran.";
    }

    static String rejectedBy(String who, String commandLine) {
        return "`" + commandLine + "` was rejected by " + who + "; nothing ran.";
    }

    static String unknownButton() {
        return "That button is not in use any more; run the command again.";
    }

    static String confirmedBy(String who) {
        return "Confirmed by " + who + ".";
    }

    static String approvedBy(String who) {
        return "Approved by " + who + ".";
    }

    /** The audit row could not be written (the database is down): nothing ran. */
    static String notRunAuditUnavailable(String command, String requestId) {
        return "`" + command + "` did not run: my database cannot be reached to record it; try again in a minute "
                + "(request " + requestId + ").";
    }

    static String actionFailed(String command, String requestId) {
        return "`" + command + "` failed unexpectedly; the log has the details under request " + requestId + ".";
    }

    /** A command file problem, after its file name. */
    static String notUtf8() {
        return "is not UTF-8 text; save it as UTF-8 (or remove it if it is not a command file)";
    }

    static String confirmHeader(String command) {
        return "Confirm " + command;
    }

    static String confirmButton() {
        return "Confirm";
    }

    static String cancelButton() {
        return "Cancel";
    }

    static String approvalHeader() {
        return "Approval needed";
    }

    static String approveButton() {
        return "Approve";
    }

    static String rejectButton() {
        return "Reject";
    }

    static String commandLabel() {
        return "Command";
    }

    static String requestedByLabel() {
        return "Requested by";
    }

    static String approvedByLabel() {
        return "Approved by";
    }
}
