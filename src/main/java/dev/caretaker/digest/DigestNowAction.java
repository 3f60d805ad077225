package dev.caretaker.digest;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platforms;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Optional;

/** {@code digest now [channel]}: composes and posts the digest at once, to the given channel or this one. */
@Singleton
@Named("digest.now")
public final class DigestNowAction implements Action {

    private final DigestService digests;
    private final Platforms platforms;

    public DigestNowAction(DigestService digests, Platforms platforms) {
        this.digests = digests;
        this.platforms = platforms;
    }

    @Override
    public ActionResult run(ActionContext context) {
        Optional<String> typed = context.args().string("channel");
        ChannelAddress channel = context.channel();
        if (typed.isPresent()) {
            Optional<ChannelAddress> parsed = platforms.address(typed.get());
            if (parsed.isEmpty()) {
                return ActionResult.failed(DigestMessages.digestBadChannelArg(typed.get()));
            }
            channel = parsed.get();
        }
        context.progress().update(DigestMessages.digestComposing());
        // handed to the outbox, which delivers it with retries: a platform outage delays it, never loses it
        DigestService.Composed c = digests.postNow(channel, context.requestId());
        return ActionResult.ok(Reply.builder().severity(Severity.OK)
                .text(DigestMessages.digestPosted(channel.toString(), c.probes(), c.probing().plus(c.rendering())))
                .build());
    }
}
