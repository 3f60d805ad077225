package dev.caretaker.pipeline;

import dev.caretaker.config.Platform;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.AccessDecision;
import dev.caretaker.security.RoleMessages;
import dev.caretaker.security.RoleResolver;

/**
 * Refuses a command to people without its role and outside its channels, before anything runs.
 * The local console is exempt from channel rules: it is a shell on the bot's own machine.
 */
public final class AuthorizeInterceptor implements Interceptor {

    private final RoleResolver roles;

    public AuthorizeInterceptor(RoleResolver roles) {
        this.roles = roles;
    }

    @Override
    public Outcome apply(Invocation invocation, Chain chain) {
        var command = invocation.command();
        AccessDecision decision = roles.check(invocation.caller(), command.role());
        if (decision instanceof AccessDecision.MissingRole missing) {
            return new Outcome.Denied(Reply.error(RoleMessages.missingRole(missing.required(), command.name())));
        }
        if (!command.channels().isEmpty() && !invocation.caller().platform().equals(Platform.CONSOLE)
                && !command.channels().contains(invocation.channel().toString())) {
            return new Outcome.Denied(Reply.error(PipelineMessages.wrongChannel(command.name(), command.channels())));
        }
        return chain.proceed(invocation);
    }
}
