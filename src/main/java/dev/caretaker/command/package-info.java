/** Commands users type: {@link dev.caretaker.command.CommandSpec}, the registry, the parser, help and did-you-mean. */
package dev.caretaker.command;
