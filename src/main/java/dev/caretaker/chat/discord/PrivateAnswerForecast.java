package dev.caretaker.chat.discord;

import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.ParsedCommand;
import dev.caretaker.command.Parser;
import dev.caretaker.command.UsageException;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.reply.Visibility;
import dev.caretaker.security.AccessDecision;
import dev.caretaker.security.Caller;
import dev.caretaker.security.RoleResolver;

/**
 * Says, before the pipeline runs, whether the answer will be for the requester only. Discord fixes a reply's
 * visibility when it is deferred, and we defer at once (well inside the 3 s); so usage errors, missing roles,
 * wrong channels, confirmations and {@code visibility: requester} commands get an ephemeral deferral.
 * The pipeline still decides; only a cooldown or a repeated delivery can surprise this forecast.
 */
final class PrivateAnswerForecast {

    private final Parser parser;
    private final RoleResolver roles;

    PrivateAnswerForecast(Parser parser, RoleResolver roles) {
        this.parser = parser;
        this.roles = roles;
    }

    boolean isPrivate(String line, Caller caller, ChannelAddress channel) {
        ParsedCommand parsed;
        try {
            parsed = parser.parse(line);
        } catch (UsageException e) {
            return true;
        }
        CommandSpec spec = parsed.command();
        return spec.visibility() == Visibility.REQUESTER
                || spec.confirm()
                || roles.check(caller, spec.role()) instanceof AccessDecision.MissingRole
                || (!spec.channels().isEmpty() && !spec.channels().contains(channel.toString()));
    }
}
