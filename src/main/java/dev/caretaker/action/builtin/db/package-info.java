/** The built-in {@code db} commands: PostgreSQL health, activity, sizes and maintenance, answered as replies. */
package dev.caretaker.action.builtin.db;
