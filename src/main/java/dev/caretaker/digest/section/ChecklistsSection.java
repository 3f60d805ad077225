package dev.caretaker.digest.section;

import dev.caretaker.store.ChecklistStore;
import dev.caretaker.digest.DigestContext;
import dev.caretaker.digest.DigestSection;
import dev.caretaker.digest.Section;
import dev.caretaker.reply.Block;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code checklists}: what is still open on the newest run of each recurring checklist. */
@Singleton
public final class ChecklistsSection implements DigestSection {

    private final ChecklistStore checklists;

    public ChecklistsSection(ChecklistStore checklists) {
        this.checklists = checklists;
    }

    @Override
    public String name() {
        return "checklists";
    }

    @Override
    public int order() {
        return 70;
    }

    @Override
    public Section render(DigestContext context) {
        List<ChecklistStore.Run> open = checklists.latest(Optional.empty()).stream()
                .filter(r -> !r.open().isEmpty()).toList();
        if (open.isEmpty()) {
            return Section.EMPTY;
        }
        List<String> lines = new ArrayList<>();
        for (ChecklistStore.Run run : open) {
            List<String> items = run.open().stream().map(i -> i.position() + ". " + i.text()).toList();
            lines.add(SectionMessages.digestChecklistOpen(run.checklist(), run.open().size(), run.items().size(),
                    String.join("; ", items)));
        }
        return Section.of(new Block.Text(String.join("\n", lines)));
    }
}
