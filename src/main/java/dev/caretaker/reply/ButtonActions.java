package dev.caretaker.reply;

/** The action ids buttons carry, the same on every platform. */
public final class ButtonActions {
    public static final String CONFIRM = "caretaker.confirm";
    public static final String CANCEL = "caretaker.cancel";
    public static final String APPROVE = "caretaker.approve";
    public static final String REJECT = "caretaker.reject";
    public static final String ALERT_ACK = "caretaker.alert.ack";
    public static final String ALERT_SILENCE = "caretaker.alert.silence";
    public static final String CHECKLIST_DONE = "caretaker.checklist.done";

    private ButtonActions() {
    }
}
