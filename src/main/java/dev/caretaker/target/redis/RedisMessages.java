package dev.caretaker.target.redis;


import dev.caretaker.reply.Format;
import java.time.Duration;
import java.util.List;

/** Every sentence about Redis targets and queues that is not a command's reply: settings, failures, probe details. */
public final class RedisMessages {

    private RedisMessages() {
    }

    // ---- settings (each a phrase; Targets names the target around it) -------------------------------

    static String uriMissing() {
        return "`uri` is required, e.g. redis://cache.internal:6379/0 (rediss:// for TLS)";
    }

    static String uriNotUrl() {
        return "redis targets take `uri`, not `url` (e.g. uri: redis://cache.internal:6379/0)";
    }

    static String uriInvalid() {
        return "`uri` is not a Redis URI; use redis://[user:password@]host:port/db, rediss://… for TLS or "
                + "redis-sentinel://host:26379/db?sentinelMasterId=mymaster";
    }

    static String usernameNeedsPassword() {
        return "`username` needs `password` too (an ACL user logs in with both)";
    }

    static String databaseNotNumber() {
        return "`database` must be a whole number from 0";
    }

    static String timeoutsPositive() {
        return "`connect-timeout` and `command-timeout` must be longer than zero";
    }

    static String verifyPeerUnknown() {
        return "`verify-peer` must be full, ca or none";
    }

    static String caFileUnreadable(String path) {
        return "`tls-ca-file` " + path + " cannot be read; give the path of the CA certificate (PEM)";
    }

    static String scanCountRange() {
        return "`scan-count` must be between 10 and 100000";
    }

    static String notDuration(String key) {
        return "`" + key + "` must be a duration like 500ms, 5s or 1m";
    }

    static String notNumber(String key) {
        return "`" + key + "` must be a number";
    }

    static String unknownSetting(String type, String key, List<String> known) {
        return type + " targets have no setting `" + key + "`; they take " + String.join(", ", known);
    }

    static String brokerMissing() {
        return "`broker` is required: the name of the redis target that holds the queues";
    }

    static String brokerNotRedis(String broker) {
        return "`broker` names `" + broker + "`, which is not a redis target";
    }

    static String backendNotRedis(String backend) {
        return "`backend` names `" + backend + "`, which is not a redis target";
    }

    static String kindUnknown() {
        return "`kind` must be celery, rq or list";
    }

    static String listNeedsQueues() {
        return "`queues` is required for kind list: the Redis keys of the lists";
    }

    static String oldestEnd() {
        return "`oldest` must be right (LPUSH / BRPOP, the default) or left (RPUSH / LPOP)";
    }

    static String queueNameBlank() {
        return "`queues` must be a list of queue names, e.g. [celery, emails]";
    }

    // ---- failures -----------------------------------------------------------------------------------

    /** The one sentence a user reads for a failed Redis call. */
    public static String failure(RedisException e, RedisSettings s) {
        String t = "`" + e.target() + "`";
        return switch (e.kind()) {
            case UNREACHABLE -> "Redis " + t + " at " + s.where() + " did not accept a connection within "
                    + Format.humanPrecise(s.connectTimeout()) + "; check that it runs and that `uri` is right.";
            case AUTH -> "Redis " + t + " refused the username or password; check `username` and `password` "
                    + "(or the ones in `uri`) under `caretaker.targets." + e.target() + "`.";
            case NO_SUCH_DATABASE -> "Redis " + t + " has no database " + s.database() + "; use a number below its "
                    + "`databases` setting (16 unless changed) in `caretaker.targets." + e.target() + "`.";
            case PERMISSION -> "Redis " + t + " does not let this user run that command; grant it in the server's ACL "
                    + "or configure a user that may.";
            case TIMEOUT -> "Redis " + t + " did not answer within " + Format.humanPrecise(s.commandTimeout())
                    + " (`command-timeout`); it may be busy, so try again in a moment.";
            case CONNECTION_LOST -> "The connection to Redis " + t + " broke during the call; try again.";
            case CLUSTER -> "Redis " + t + " runs in cluster mode, which Caretaker does not manage; point `uri` at a "
                    + "standalone server or at its sentinels.";
            case OTHER -> "Redis " + t + " answered with an error" + (e.code().isEmpty() ? "" : " (" + e.code() + ")")
                    + "; its log says more.";
        };
    }

    public static String noRedisTarget() {
        return "No redis target is configured; add one under `caretaker.targets` with `type: redis` and `uri`.";
    }

    public static String chooseRedisTarget(java.util.Collection<String> names) {
        return "Several redis targets are configured (" + String.join(", ", names) + "); say which with `target=`.";
    }

    public static String noQueueTarget() {
        return "No queue target is configured; add one under `caretaker.targets` with `type: queue`, `broker` and "
                + "`kind`.";
    }

    public static String chooseQueueTarget(java.util.Collection<String> names) {
        return "Several queue targets are configured (" + String.join(", ", names) + "); say which with `target=`.";
    }

    /** What {@code queue peek} shows for an item of a plain list: its size, never its content. */
    static String listItem(int bytes) {
        return "item of " + bytes + " bytes";
    }

    // ---- probes ---------------------------------------------------------------------------------------

    public static String redisLabel(String target) {
        return "Redis " + target;
    }

    public static String firstReading() {
        return "First reading; the rate needs a second one.";
    }

    public static String noReads() {
        return "No reads since the previous check.";
    }

    public static String probeFailed(String sentence) {
        return sentence;
    }

    public static String ageLabel(boolean atLeast) {
        return atLeast ? "Oldest waiting job (at least)" : "Oldest waiting job";
    }

    public static String durationValue(Duration d) {
        return Format.human(d);
    }
}
