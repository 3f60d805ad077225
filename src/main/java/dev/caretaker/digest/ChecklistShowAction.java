package dev.caretaker.digest;

import dev.caretaker.store.ChecklistStore;
import dev.caretaker.action.Action;
import dev.caretaker.action.ActionContext;
import dev.caretaker.action.ActionResult;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code checklist show [name]}: the newest run of a checklist with its open items and Done buttons; without a
 * name, one line per checklist with how much is still open.
 */
@Singleton
@Named("checklist.show")
public final class ChecklistShowAction implements Action {

    private final ChecklistService checklists;
    private final DigestConfig config;

    public ChecklistShowAction(ChecklistService checklists, DigestConfig config) {
        this.checklists = checklists;
        this.config = config;
    }

    @Override
    public ActionResult run(ActionContext context) {
        Optional<String> name = context.args().string("name");
        List<String> names = config.checklists().stream().map(ChecklistSpec::name).toList();
        if (name.isPresent()) {
            if (config.checklist(name.get()).isEmpty()) {
                return ActionResult.failed(ChecklistMessages.checklistUnknown(name.get(), names));
            }
            List<Reply> shown = checklists.show(name);
            return shown.isEmpty() ? ActionResult.ok(Reply.text(ChecklistMessages.checklistNotPostedYet(name.get())))
                    : ActionResult.ok(shown.get(0));
        }
        if (names.isEmpty()) {
            return ActionResult.ok(Reply.text(ChecklistMessages.checklistNoneConfigured()));
        }
        Map<String, ChecklistStore.Run> latest = new HashMap<>();
        checklists.latest().forEach(r -> latest.put(r.checklist(), r));
        Reply.Builder b = Reply.builder().header(ChecklistMessages.checklistOverviewHeader());
        for (String n : names) {
            ChecklistStore.Run run = latest.get(n);
            b.block(new Block.Text(run == null ? ChecklistMessages.checklistNotPostedYet(n)
                    : ChecklistMessages.checklistOverviewLine(n, run.open().size(), run.items().size())));
        }
        return ActionResult.ok(b.build());
    }
}
