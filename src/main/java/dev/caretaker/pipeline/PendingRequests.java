package dev.caretaker.pipeline;

import dev.caretaker.config.Platform;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Button;
import dev.caretaker.reply.ButtonActions;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.store.PendingInvocation;
import dev.caretaker.store.PendingStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Opens confirmations and approvals in the store and builds the replies with their buttons. */
public final class PendingRequests {

    public static final Duration CONFIRM_TTL = Duration.ofMinutes(5);
    public static final Duration APPROVAL_TTL = Duration.ofMinutes(15);

    private final PendingStore store;
    private final Clock clock;

    public PendingRequests(PendingStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Outcome.Pending openConfirmation(Invocation inv) {
        return openConfirmation(inv, List.of());
    }

    /** @param preview what the action says it would do, shown between the request and the buttons */
    public Outcome.Pending openConfirmation(Invocation inv, List<Block> preview) {
        String token = open(inv, PendingInvocation.CONFIRM, 0, CONFIRM_TTL);
        Reply.Builder reply = Reply.builder()
                .header(PipelineMessages.confirmHeader(inv.command().name()))
                .severity(Severity.WARN)
                .visibility(dev.caretaker.reply.Visibility.REQUESTER)
                .text(PipelineMessages.confirmPrompt(inv.normalized(), CONFIRM_TTL))
                .fields(preview(inv));
        preview.forEach(reply::block);
        reply.button(new Button(PipelineMessages.confirmButton(), ButtonActions.CONFIRM, token, Button.Style.DANGER))
                .button(new Button(PipelineMessages.cancelButton(), ButtonActions.CANCEL, token, Button.Style.DEFAULT));
        if (inv.caller().platform().equals(Platform.CONSOLE)) {
            reply.text(PipelineMessages.confirmOnConsole(token));
        }
        return new Outcome.Pending(reply.build(), token);
    }

    public Outcome.Pending openApproval(Invocation inv) {
        return openApproval(inv, List.of());
    }

    /** @param preview what the action says it would do, shown to the approvers between the request and the buttons */
    public Outcome.Pending openApproval(Invocation inv, List<Block> preview) {
        int more = inv.command().approval() - 1 - inv.approvedBy().size();
        String token = open(inv, PendingInvocation.APPROVAL, inv.command().approval() - 1, APPROVAL_TTL);
        Reply reply = approvalReply(inv.caller().mention(), inv.normalized(), inv.command().role(), more,
                preview(inv), token, inv.caller().platform().equals(Platform.CONSOLE));
        if (!preview.isEmpty()) {
            List<Block> blocks = new ArrayList<>(reply.blocks());
            // the preview goes right after the request's fields, before the console's how-to line
            int at = Math.min(blocks.size(), 2);
            blocks.addAll(at, preview);
            reply = new Reply(reply.header(), reply.severity(), blocks, reply.buttons(), reply.visibility(), reply.footer());
        }
        return new Outcome.Pending(reply, token, true);
    }

    /** The reply asking for (more) approval; also used to update it after one of several approvals. */
    public static Reply approvalReply(String requester, String commandLine, String role, int more,
                                      List<Block.Field> fields, String token, boolean console) {
        Reply.Builder reply = Reply.builder()
                .header(PipelineMessages.approvalHeader())
                .severity(Severity.WARN)
                .text(PipelineMessages.approvalPrompt(requester, commandLine, role, more, APPROVAL_TTL))
                .fields(fields)
                .button(new Button(PipelineMessages.approveButton(), ButtonActions.APPROVE, token, Button.Style.PRIMARY))
                .button(new Button(PipelineMessages.rejectButton(), ButtonActions.REJECT, token, Button.Style.DANGER));
        if (console) {
            reply.text(PipelineMessages.approveOnConsole(token));
        }
        return reply.build();
    }

    private String open(Invocation inv, String kind, int approvalsNeeded, Duration ttl) {
        Instant now = clock.instant();
        String token = store.newToken();
        store.create(new PendingInvocation(token, kind, inv.requestId(), inv.caller().platform().id(),
                inv.caller().userId(), inv.caller().displayName(), inv.caller().groupIds(), inv.channel().toString(),
                inv.command().name(), inv.commandLine(), inv.command().role(), approvalsNeeded,
                inv.approvedBy().stream().map(c -> new PendingInvocation.Approver(c.key(), c.displayName())).toList(),
                now, now.plus(ttl)));
        return token;
    }

    static List<Block.Field> preview(Invocation inv) {
        List<Block.Field> fields = new ArrayList<>();
        fields.add(new Block.Field(PipelineMessages.commandLabel(), inv.command().name()));
        inv.args().asMap().keySet().forEach(k -> fields.add(new Block.Field(k, inv.args().display(k))));
        fields.add(new Block.Field(PipelineMessages.requestedByLabel(), inv.caller().mention()));
        return fields;
    }
}
