package dev.caretaker.digest;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** {@code digest preview}: the digest this channel would get now, shown only to the person who asked. */
@Singleton
@Named("digest.preview")
public final class DigestPreviewAction implements Action {

    private final DigestService digests;

    public DigestPreviewAction(DigestService digests) {
        this.digests = digests;
    }

    @Override
    public ActionResult run(ActionContext context) {
        context.progress().update(DigestMessages.digestComposing());
        return ActionResult.ok(digests.preview(context.channel()).reply());
    }
}
