package dev.caretaker.command;

/** A command line understood: which command, with which typed arguments. */
public record ParsedCommand(CommandSpec command, Args args) {
}
