package dev.caretaker.support;

import io.micronaut.scheduling.ScheduledExecutorTaskScheduler;
import io.micronaut.scheduling.TaskScheduler;

import java.util.concurrent.Executors;

/** Micronaut's task scheduler over virtual threads, as the context configures it, for tests that build clients by hand. */
public final class TestScheduler {

    /** One for every test in the JVM; its threads are virtual, so nothing keeps the JVM alive. */
    public static final TaskScheduler SCHEDULER = new ScheduledExecutorTaskScheduler(
            Executors.newScheduledThreadPool(4, Thread.ofVirtual().name("test-scheduled-", 1).factory()));

    private TestScheduler() {
    }
}
