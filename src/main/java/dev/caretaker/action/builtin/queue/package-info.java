/** The built-in {@code queue} commands: depth, waiting age and failures of Celery, RQ and list queues; peek and purge. */
package dev.caretaker.action.builtin.queue;
