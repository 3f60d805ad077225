/** The built-in {@code cache} commands: Redis figures, a sample of keys, clearing keys by pattern and flushing a database. */
package dev.caretaker.action.builtin.cache;
