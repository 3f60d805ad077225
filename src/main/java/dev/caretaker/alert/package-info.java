/** Alerts: probe rules, the Alertmanager intake, alert state, routing, messages, Ack and Silence, escalation. */
package dev.caretaker.alert;
