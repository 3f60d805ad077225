/**
 * The Redis target and the queues kept in it: a Lettuce client per {@code type: redis} target (TLS, ACL user, database,
 * timeouts on every call), INFO read into records, SCAN / UNLINK in batches, and Celery, RQ and plain-list queues.
 */
package dev.caretaker.target.redis;
