/** Built-in actions, one bean each, named after the {@code action:} of their declaration. */
package dev.caretaker.action.builtin;
