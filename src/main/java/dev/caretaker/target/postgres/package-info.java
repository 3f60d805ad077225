/** The PostgreSQL target: a small JDBC client and the queries behind the {@code db} commands, returning records. */
package dev.caretaker.target.postgres;
