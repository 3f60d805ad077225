/** The runnable ({@link dev.caretaker.Application}: serve, console, run, check-config) and its start-up checks. */
package dev.caretaker;
