/** PostgreSQL repositories (Flyway migrations), the embedded PostgreSQL default, and the {@link dev.caretaker.store.Coordinator}. */
package dev.caretaker.store;
