/** Built-in automatic checklist checks: VACUUM this week, certificates, unused indexes, long transactions. */
package dev.caretaker.digest.check;
