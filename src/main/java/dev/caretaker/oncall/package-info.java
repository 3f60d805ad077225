/** Maintenance windows (held alerts, Alertmanager silences, banners, hooks), on-call rotations, paging and hand-offs. */
package dev.caretaker.oncall;
