/** Action kinds declared in {@code commands/*.yml}: {@code sql} (read-only queries), and later http, exec and redis. */
package dev.caretaker.action.custom;
