/** The built-in probes: HTTP, TCP, disk, TLS expiry, PostgreSQL and Prometheus query. */
package dev.caretaker.probe.builtin;
