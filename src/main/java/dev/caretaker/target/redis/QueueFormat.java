package dev.caretaker.target.redis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** How one framework keeps its jobs in Redis; one implementation per {@link QueueKind}. */
sealed interface QueueFormat permits CeleryFormat, RqFormat, ListFormat {

    /** The queues to watch when config names none. */
    List<String> discover() throws RedisException;

    QueueTarget.QueueStats stats(String queue, Instant now) throws RedisException;

    List<QueueTarget.Job> peek(String queue, int limit, Instant now) throws RedisException;

    long length(String queue) throws RedisException;

    long purge(String queue) throws RedisException;

    /** Failed jobs of the target, where the framework records them; empty where it does not. */
    Optional<QueueTarget.Failed> failed(List<QueueTarget.QueueStats> stats, Instant until) throws RedisException;
}
