/** The console adapter: a REPL with the same commands as {@code /ops}, and where alerts and digests print with no chat configured. */
package dev.caretaker.chat.console;
