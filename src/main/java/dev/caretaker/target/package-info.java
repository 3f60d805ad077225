/** Clients for watched things (targets) and the {@link dev.caretaker.target.Targets} catalogue built from config. */
package dev.caretaker.target;
