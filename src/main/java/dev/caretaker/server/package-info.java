/**
 * Caretaker's own HTTP surface beyond the platform endpoints: {@code /health} for probes (states only, details
 * behind a token), the allow-list of paths that answer at all, and error bodies that never carry exception text.
 */
package dev.caretaker.server;
