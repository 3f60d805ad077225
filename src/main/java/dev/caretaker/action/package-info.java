/** The {@link dev.caretaker.action.Action} interface; built-in actions live in {@code builtin}, declared kinds in {@code custom}. */
package dev.caretaker.action;
