package dev.caretaker.pipeline;

/** How someone answers a pending confirmation or approval (a button click or a console word). */
public enum Decision {
    CONFIRM, CANCEL, APPROVE, REJECT
}
