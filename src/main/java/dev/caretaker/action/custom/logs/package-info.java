/** The {@code logs} kind: the newest lines of a service's log from Kubernetes, Docker, journald or a file, filtered and masked. */
package dev.caretaker.action.custom.logs;
