/** Typed configuration records, the names config uses for places (channel addresses), the registry of chat platforms adapters contribute to, and {@link dev.caretaker.config.Serving} for beans only a serving Caretaker creates (after its HTTP server is up). */
package dev.caretaker.config;
