/** Typed configuration records and the names config uses for places (platforms, channel addresses). */
package dev.caretaker.config;
