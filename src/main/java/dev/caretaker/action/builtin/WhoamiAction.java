package dev.caretaker.action.builtin;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Visibility;
import dev.caretaker.security.Caller;
import dev.caretaker.security.RoleResolver;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** {@code whoami}: the person as the platform identifies them, and the roles they hold. */
@Singleton
@Named("whoami")
public final class WhoamiAction implements Action {

    private final RoleResolver roles;

    public WhoamiAction(RoleResolver roles) {
        this.roles = roles;
    }

    @Override
    public ActionResult run(ActionContext context) {
        Caller c = context.caller();
        List<Block.Field> fields = new ArrayList<>();
        fields.add(new Block.Field(BuiltinMessages.nameLabel(), c.displayName()));
        fields.add(new Block.Field(BuiltinMessages.platformLabel(), c.platform().id()));
        fields.add(new Block.Field(BuiltinMessages.userIdLabel(), c.userId()));
        if (!c.groupIds().isEmpty()) {
            fields.add(new Block.Field(BuiltinMessages.groupsLabel(), String.join(", ", c.groupIds())));
        }
        fields.add(new Block.Field(BuiltinMessages.rolesLabel(), String.join(", ", roles.rolesOf(c))));
        fields.add(new Block.Field(BuiltinMessages.channelLabel(), context.channel().toString()));
        return ActionResult.ok(Reply.builder().header(BuiltinMessages.whoamiHeader(c.displayName()))
                .visibility(Visibility.REQUESTER)
                .fields(fields).build());
    }
}
