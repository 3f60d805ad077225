/** Scheduled commands ({@code caretaker.schedules[]}), multi-step runbooks ({@code kind: runbook}) and {@code commands reload}. */
package dev.caretaker.schedule;
