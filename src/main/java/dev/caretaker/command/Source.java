package dev.caretaker.command;

/** Where a command was declared, for boot errors: a file and a 1-based line. */
public record Source(String file, int line) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
