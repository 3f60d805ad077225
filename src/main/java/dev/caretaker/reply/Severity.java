package dev.caretaker.reply;

/** How much a reply matters; renderers map it to a colour or an emoji. */
public enum Severity {
    INFO, OK, WARN, CRITICAL
}
