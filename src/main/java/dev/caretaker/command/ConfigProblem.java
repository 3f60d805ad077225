package dev.caretaker.command;

/** One thing wrong in a command file or configuration, with where it is. */
public record ConfigProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
