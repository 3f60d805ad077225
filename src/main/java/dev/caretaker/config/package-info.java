/** Typed configuration records, the names config uses for places (channel addresses), and the registry of chat platforms adapters contribute to. */
package dev.caretaker.config;
