/** Who may do what: roles, the resolver from platform identity to roles, secrets, redaction, request signatures. */
package dev.caretaker.security;
