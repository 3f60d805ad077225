/** The daily health digest and recurring checklists: schedules, sections, chart, history rollups, the job. */
package dev.caretaker.digest;
