package dev.caretaker.action.builtin;

import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.command.ArgSpec;
import dev.caretaker.command.CommandMessages;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Format;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Visibility;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code help [command]}: generated from the registry, grouped, with the role each command needs. */
@Singleton
@Named("help")
public final class HelpAction implements Action {

    private final Provider<CommandRegistry> registry;
    /** The overview of the registry it was made from: the same for everyone, made again only after a reload. */
    private volatile Overview overview;

    private record Overview(CommandRegistry registry, Reply reply) {
    }

    public HelpAction(Provider<CommandRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public ActionResult run(ActionContext context) {
        CommandRegistry commands = registry.get();
        String topic = context.args().string("command").map(s -> s.toLowerCase(Locale.ROOT).trim()).orElse("");
        if (topic.isEmpty()) {
            Overview cached = overview;
            if (cached == null || cached.registry() != commands) {
                cached = new Overview(commands, overview(commands));
                overview = cached;
            }
            return ActionResult.ok(cached.reply());
        }
        var exact = commands.find(topic);
        if (exact.isPresent()) {
            return ActionResult.ok(detail(exact.get()));
        }
        List<CommandSpec> group = commands.inGroup(topic);
        if (!group.isEmpty()) {
            return ActionResult.ok(Reply.builder().header(HelpMessages.groupHeader(topic)).visibility(Visibility.REQUESTER)
                    .table(HelpMessages.columns(), rows(group)).build());
        }
        List<String> close = commands.closest(topic, 3);
        return ActionResult.failed(CommandMessages.unknownCommand(topic, close));
    }

    private static Reply overview(CommandRegistry commands) {
        Map<String, List<CommandSpec>> byGroup = new LinkedHashMap<>();
        for (CommandSpec c : commands.all()) {
            byGroup.computeIfAbsent(c.group().orElse(HelpMessages.generalGroup()), g -> new ArrayList<>()).add(c);
        }
        Reply.Builder reply = Reply.builder().header(HelpMessages.header()).visibility(Visibility.REQUESTER);
        List<CommandSpec> general = byGroup.remove(HelpMessages.generalGroup());
        if (general != null) {
            reply.text(HelpMessages.generalGroup()).table(HelpMessages.columns(), rows(general));
        }
        byGroup.forEach((group, list) -> reply.text(group).table(HelpMessages.columns(), rows(list)));
        reply.footer(HelpMessages.footer());
        return reply.build();
    }

    private static List<List<String>> rows(List<CommandSpec> specs) {
        return specs.stream().map(c -> List.of(c.usage(), c.role(), c.summary())).toList();
    }

    private static Reply detail(CommandSpec c) {
        Reply.Builder reply = Reply.builder().header(c.name()).visibility(Visibility.REQUESTER).text(c.summary());
        List<Block.Field> fields = new ArrayList<>();
        fields.add(new Block.Field(HelpMessages.usageLabel(), c.usage()));
        fields.add(new Block.Field(HelpMessages.roleLabel(), c.role()));
        if (c.confirm()) {
            fields.add(new Block.Field(HelpMessages.confirmationLabel(), HelpMessages.asksToConfirm()));
        }
        if (c.needsApproval()) {
            fields.add(new Block.Field(HelpMessages.approvalLabel(), HelpMessages.moreApprovers(c.approval() - 1)));
        }
        if (!c.cooldown().isZero()) {
            fields.add(new Block.Field(HelpMessages.cooldownLabel(), Format.human(c.cooldown())));
        }
        if (!c.channels().isEmpty()) {
            fields.add(new Block.Field(HelpMessages.channelsLabel(), String.join(", ", c.channels())));
        }
        reply.fields(fields);
        if (!c.args().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (ArgSpec a : c.args()) {
                String type = a.type().id() + (a.choices().isEmpty() ? "" : " (" + String.join("|", a.choices()) + ")")
                        + range(a);
                rows.add(List.of(a.name(), type, a.required() ? HelpMessages.required() : a.defaultValue() == null
                        ? HelpMessages.optional() : HelpMessages.defaultValue(a.defaultValue()), a.help()));
            }
            reply.table(HelpMessages.argColumns(), rows);
        }
        if (!c.examples().isEmpty()) {
            reply.text(HelpMessages.examplesLabel()).code(String.join("\n", c.examples()));
        }
        return reply.build();
    }

    /** The bounds of an {@code int}, so people learn them before the parser refuses a value. */
    private static String range(ArgSpec a) {
        if (a.min() == null && a.max() == null) {
            return "";
        }
        return HelpMessages.range(a.min(), a.max());
    }
}
