package dev.caretaker.digest;

/**
 * A checklist item Caretaker can verify itself ({@code check: vacuum-this-week} in config). Later capabilities add
 * theirs (a verified backup, …) as beans. A check that cannot tell answers {@link Evidence.Verdict#UNKNOWN};
 * the item then keeps its Done button.
 */
public interface ChecklistCheck {

    /** The name used in {@code caretaker.checklists[].items[].check}. */
    String kind();

    Evidence check() throws Exception;
}
