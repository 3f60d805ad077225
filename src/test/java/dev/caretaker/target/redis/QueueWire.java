package dev.caretaker.target.redis;

import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jobs written to Redis byte for byte as Celery (on Kombu's Redis transport) and RQ write them, for tests.
 *
 * <p><b>Celery 5, protocol 2.</b> {@code celery/app/amqp.py} {@code as_task_v2} builds the headers in this order and
 * the body {@code (args, kwargs, embed)}; the JSON serializer writes the body with Python's {@code json.dumps}
 * (separators {@code ", "} and {@code ": "}); Kombu's virtual channel puts it in an envelope
 * {@code {"body", "content-encoding", "content-type", "headers", "properties"}}, base64-encodes the body
 * ({@code body_encoding}), adds {@code delivery_mode}, {@code delivery_info}, {@code priority}, {@code delivery_tag},
 * and {@code kombu/transport/redis.py} {@code _put} LPUSHes {@code json.dumps(envelope)} to the queue's list, or to
 * {@code queue + "\x06\x16" + priority} for priorities 3, 6, 9. Workers BRPOP, so the oldest is at the right.
 * A result in the backend is {@code celery-task-meta-<id>}:
 * {@code {"status": "FAILURE", "result": {...}, "traceback": ..., "children": [], "date_done": ..., "task_id": ...}}.
 *
 * <p><b>RQ 2.</b> {@code Queue.enqueue_job} RPUSHes the job id to {@code rq:queue:<name>} (workers LPOP, so the oldest
 * is at the left), SADDs {@code rq:queue:<name>} to {@code rq:queues} and HSETs {@code rq:job:<id>} from
 * {@code Job.to_dict()}: {@code created_at}, {@code data} (zlib-compressed pickle of (func, instance, args,
 * kwargs)), {@code description} (the call as text, arguments included), {@code enqueued_at} (UTC,
 * {@code %Y-%m-%dT%H:%M:%S.%fZ}), {@code origin}, {@code timeout}, {@code status}, … The started and failed
 * registries are sorted sets {@code rq:wip:<name>} and {@code rq:failed:<name>} scored by expiry (epoch seconds).
 */
public final class QueueWire {

    /**
     * {@code zlib.compress(pickle.dumps(('app.tasks.send_email', None, ('ada@example.com',), {'subject': 'Hi'}),
     * protocol=5))}, as Python 3.11 writes it: the {@code data} field of an RQ job.
     */
    public static final byte[] RQ_DATA = Base64.getDecoder().decode(
            "eJxrYJ3qxAABGj0iiQUFeiWJxdnFesWpeSnxqbmJmTlT/Hr4E1MSHVIrEnMLclL1kvNzp7ROqZ3Sw15cmpSVmlwypYfJI3NKcckUPQC5DRuG");

    private static final DateTimeFormatter RQ_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private QueueWire() {
    }

    /**
     * A Celery protocol 2 message for {@code send_email("ada@example.com", 42, subject="Welcome")} as Kombu stores it;
     * {@code argsrepr} and the body carry the arguments, which Caretaker must never show.
     */
    public static String celery(String id, String task, String queue, int priority) {
        String body = "[[\"ada@example.com\", 42], {\"subject\": \"Welcome\"}, {\"callbacks\": null, \"errbacks\": null, "
                + "\"chain\": null, \"chord\": null}]";
        return "{\"body\": \"" + Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))
                + "\", \"content-encoding\": \"utf-8\", \"content-type\": \"application/json\", \"headers\": {"
                + "\"lang\": \"py\", \"task\": \"" + task + "\", \"id\": \"" + id + "\", \"shadow\": null, \"eta\": null, "
                + "\"expires\": null, \"group\": null, \"group_index\": null, \"retries\": 0, \"timelimit\": [null, null], "
                + "\"root_id\": \"" + id + "\", \"parent_id\": null, \"argsrepr\": \"('ada@example.com', 42)\", "
                + "\"kwargsrepr\": \"{'subject': 'Welcome'}\", \"origin\": \"gen4242@web-1\", \"ignore_result\": false, "
                + "\"replaced_task_nesting\": 0, \"stamped_headers\": null, \"stamps\": {}}, \"properties\": {"
                + "\"correlation_id\": \"" + id + "\", \"reply_to\": \"7c0a1e58-3d52-3a0e-9d4b-1b8c1f0f6a11\", "
                + "\"delivery_mode\": 2, \"delivery_info\": {\"exchange\": \"\", \"routing_key\": \"" + queue + "\"}, "
                + "\"priority\": " + priority + ", \"body_encoding\": \"base64\", \"delivery_tag\": \"d-" + id + "\"}}";
    }

    /** LPUSHes a Celery message as Kombu's {@code _put} does, to the list of its priority. */
    public static void pushCelery(RedisCommands<String, String> redis, String queue, String id, String task, int priority) {
        String key = priority == 0 ? queue : queue + "\u0006\u0016" + priority;
        redis.lpush(key, celery(id, task, queue, priority));
    }

    /** A result in Celery's Redis backend, as {@code RedisBackend.set} stores it. */
    public static void celeryResult(RedisCommands<String, String> redis, String id, String status) {
        String result = status.equals("FAILURE")
                ? "{\"exc_type\": \"ValueError\", \"exc_message\": [\"no such user\"], \"exc_module\": \"builtins\"}"
                : "true";
        redis.setex("celery-task-meta-" + id, 86400, "{\"status\": \"" + status + "\", \"result\": " + result
                + ", \"traceback\": " + (status.equals("FAILURE") ? "\"Traceback (most recent call last):\\n  ...\"" : "null")
                + ", \"children\": [], \"date_done\": \"2025-06-02T08:59:00.123456+00:00\", \"task_id\": \"" + id + "\"}");
    }

    /** Enqueues an RQ job as {@code Queue.enqueue_job} does: the hash, the registration, the id at the right. */
    public static void enqueueRq(RedisCommands<byte[], byte[]> redis, String queue, String id, Instant enqueuedAt) {
        Map<byte[], byte[]> job = new LinkedHashMap<>();
        put(job, "created_at", RQ_TIME.format(enqueuedAt));
        job.put(bytes("data"), RQ_DATA);
        put(job, "success_callback_name", "");
        put(job, "failure_callback_name", "");
        put(job, "stopped_callback_name", "");
        put(job, "started_at", "");
        put(job, "ended_at", "");
        put(job, "last_heartbeat", "");
        put(job, "worker_name", "");
        put(job, "group_id", "");
        put(job, "origin", queue);
        put(job, "description", "app.tasks.send_email('ada@example.com', subject='Hi')");
        put(job, "enqueued_at", RQ_TIME.format(enqueuedAt));
        put(job, "timeout", "180");
        put(job, "status", "queued");
        redis.hset(bytes("rq:job:" + id), job);
        redis.sadd(bytes("rq:queues"), bytes("rq:queue:" + queue));
        redis.rpush(bytes("rq:queue:" + queue), bytes(id));
    }

    /** A failed job in {@code FailedJobRegistry}, scored by when it expires. */
    public static void failRq(RedisCommands<byte[], byte[]> redis, String queue, String id, Instant expires) {
        redis.zadd(bytes("rq:failed:" + queue), expires.getEpochSecond(), bytes(id));
    }

    /** A running job in {@code StartedJobRegistry} (RQ 2 keys it by job id and execution id). */
    public static void startRq(RedisCommands<byte[], byte[]> redis, String queue, String id, Instant expires) {
        redis.zadd(bytes("rq:wip:" + queue), expires.getEpochSecond(), bytes(id + ":e-" + id));
    }

    private static void put(Map<byte[], byte[]> map, String key, String value) {
        map.put(bytes(key), bytes(value));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
