/** The {@code dependency-audit} kind: {@code npm audit} and {@code pip-audit} run as argv, their JSON summarised by severity. */
package dev.caretaker.action.custom.vulns;
