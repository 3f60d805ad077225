/** Probes of Redis and queue targets: reachable, memory, hit rate, evictions; queue length, waiting age, failed jobs. */
package dev.caretaker.probe.redis;
