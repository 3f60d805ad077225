package dev.caretaker.action;

import dev.caretaker.command.Args;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.security.Caller;

/**
 * What an action gets: who asked, where, which command with which args, the request id the user sees,
 * and where to report progress.
 */
public record ActionContext(String requestId, Caller caller, ChannelAddress channel, CommandSpec command,
                            Args args, Progress progress) {
}
