/** The built-in digest sections: status line, probes, alerts, PostgreSQL, TLS, disk, commands, checklists, chart. */
package dev.caretaker.digest.section;
