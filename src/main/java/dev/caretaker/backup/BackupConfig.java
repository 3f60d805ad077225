package dev.caretaker.backup;

import dev.caretaker.command.Durations;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platforms;
import dev.caretaker.digest.Cron;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The backup settings under {@code caretaker.backups}: storages, defaults, and per target
 * ({@code caretaker.backups.targets.<name>}) storage, format, schedule, verification, retention and freshness.
 * Read once at boot; every problem is one sentence naming its key, all of them at once.
 * Targets listed under {@code targets} are backed up on a schedule (daily at 02:00 unless said otherwise); every
 * postgres and files target can be backed up on request with the defaults.
 */
@Singleton
public final class BackupConfig {

    public static final String PREFIX = "caretaker.backups";
    public static final String LOCAL = "local";
    public static final String DEFAULT_DIRECTORY = "data/backups";
    public static final String DEFAULT_SCHEDULE = "0 2 * * *";
    /** Target types that can be backed up. */
    public static final Set<String> TYPES = Set.of("postgres", "files");
    static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final Map<String, StorageSpec> storages;
    private final Map<String, BackupSettings> targets;
    private final Optional<Path> clientDir;
    private final Duration staleAfter;
    private final Duration lateAfter;
    private final Defaults defaults;

    /** The values a target gets when it does not set its own. */
    private record Defaults(String storage, BackupSettings.Format format, Cron schedule, Optional<ZoneId> zone,
                            boolean verify, Optional<String> verifyTarget, Duration keep, int keepVerified,
                            Optional<ChannelAddress> channel, Duration warnAfter, Duration criticalAfter) {
    }

    @Inject
    public BackupConfig(PropertyResolver config, Targets targets, Platforms platforms) {
        this(flatten(config), targets, platforms);
    }

    /**
     * @param settings every key under {@code caretaker.backups}, relative to it ({@code storages.offsite.type}, …)
     * @throws ConfigurationException with one sentence per problem
     */
    public BackupConfig(Map<String, Object> settings, Targets targets, Platforms platforms) {
        Reader r = new Reader(settings, platforms);
        this.clientDir = r.text("client-dir").map(Path::of);
        this.staleAfter = r.duration("stale-after", Duration.ofMinutes(10));
        this.lateAfter = r.duration("late-after", Duration.ofMinutes(5));
        Map<String, StorageSpec> s = new TreeMap<>();
        s.put(LOCAL, new StorageSpec.Local(LOCAL, Path.of(DEFAULT_DIRECTORY).toAbsolutePath().normalize()));
        for (String name : r.children("storages")) {
            r.storage(name).ifPresent(spec -> s.put(name, spec));
        }
        this.storages = Collections.unmodifiableMap(s);
        this.defaults = new Defaults(r.storageName("storage", LOCAL, s.keySet()),
                r.format("format", BackupSettings.Format.CUSTOM), r.cron("schedule", DEFAULT_SCHEDULE),
                r.zone("zone"), r.bool("verify", true), r.text("verify-target"),
                r.duration("keep", Duration.ofDays(30)), r.integer("keep-verified", 3, 1),
                r.channel("channel"), r.duration("warn-after", Duration.ofHours(26)),
                r.duration("critical-after", Duration.ofHours(50)));
        defaults.verifyTarget().ifPresent(v -> r.checkVerifyTarget("verify-target", v, targets));
        Map<String, BackupSettings> t = new TreeMap<>();
        for (String name : r.children("targets")) {
            Optional<TargetSpec> spec = targets.spec(name);
            String key = "targets." + name;
            if (spec.isEmpty()) {
                r.problem(BackupMessages.configUnknownTarget(PREFIX + "." + key, name, backupable(targets)));
                continue;
            }
            if (!TYPES.contains(spec.get().type())) {
                r.problem(BackupMessages.configNotBackupable(PREFIX + "." + key, name, spec.get().type()));
                continue;
            }
            t.put(name, r.target(key, spec.get(), defaults, s.keySet(), targets));
        }
        r.failIfProblems();
        this.targets = Collections.unmodifiableMap(t);
    }

    /** Storages by name; {@code local} ({@value #DEFAULT_DIRECTORY}) is always there. */
    public Map<String, StorageSpec> storages() {
        return storages;
    }

    /** The targets with settings of their own, each backed up on its schedule. */
    public Map<String, BackupSettings> scheduledTargets() {
        return targets;
    }

    /** The settings of a target: its own when listed, the defaults (no schedule) otherwise. */
    public BackupSettings settings(TargetSpec target) {
        BackupSettings own = targets.get(target.name());
        if (own != null) {
            return own;
        }
        BackupSettings.Format format = target.type().equals("files") ? BackupSettings.Format.TAR : defaults.format();
        return new BackupSettings(target.name(), defaults.storage(), format, Optional.empty(),
                zoneOf(target, defaults.zone()), defaults.verify(), defaults.verifyTarget(), defaults.keep(),
                defaults.keepVerified(), defaults.channel(), defaults.warnAfter(), defaults.criticalAfter());
    }

    /** Where the PostgreSQL client programs are, when set; otherwise they are looked for. */
    public Optional<Path> clientDir() {
        return clientDir;
    }

    /** A running backup whose heartbeat is older than this was stopped with its replica. */
    public Duration staleAfter() {
        return staleAfter;
    }

    /** A scheduled backup started later than this after its time counts as late (it ran at start-up). */
    public Duration lateAfter() {
        return lateAfter;
    }

    /** Names of the targets that can be backed up (postgres and files). */
    public static List<String> backupable(Targets targets) {
        List<String> out = new ArrayList<>();
        for (String type : List.of("postgres", "files")) {
            out.addAll(targets.names(type));
        }
        Collections.sort(out);
        return out;
    }

    private static ZoneId zoneOf(TargetSpec target, Optional<ZoneId> fallback) {
        Optional<String> own = target.string("zone");
        if (own.isPresent()) {
            try {
                return ZoneId.of(own.get());
            } catch (DateTimeException e) {
                // the target's own zone is checked by its kind; a bad one falls back here
            }
        }
        return fallback.orElse(ZoneId.of("UTC"));
    }

    private static Map<String, Object> flatten(PropertyResolver config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.getProperties(PREFIX).entrySet()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Reads flattened keys and collects the problems. */
    private static final class Reader {

        private final Map<String, Object> settings;
        private final Platforms platforms;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, Object> settings, Platforms platforms) {
            this.settings = settings;
            this.platforms = platforms;
        }

        void problem(String sentence) {
            problems.add(sentence);
        }

        void failIfProblems() {
            if (!problems.isEmpty()) {
                throw new ConfigurationException(String.join(" ", problems));
            }
        }

        /** The names directly under a key ({@code storages} → {@code local}, {@code offsite}). */
        List<String> children(String key) {
            Set<String> names = new java.util.TreeSet<>();
            String prefix = key + ".";
            for (String k : settings.keySet()) {
                if (k.startsWith(prefix)) {
                    String rest = k.substring(prefix.length());
                    int dot = rest.indexOf('.');
                    names.add(dot < 0 ? rest : rest.substring(0, dot));
                }
            }
            // a map value (when the resolver hands back nested maps) names its children too
            Object nested = settings.get(key);
            if (nested instanceof Map<?, ?> m) {
                m.keySet().forEach(k -> names.add(k.toString()));
            }
            return new ArrayList<>(names);
        }

        private Object raw(String key) {
            if (settings.containsKey(key)) {
                return settings.get(key);
            }
            // nested maps: walk them
            String[] parts = key.split("\\.");
            Object at = settings.get(parts[0]);
            for (int i = 1; i < parts.length && at != null; i++) {
                at = at instanceof Map<?, ?> m ? m.get(parts[i]) : null;
            }
            return at;
        }

        Optional<String> text(String key) {
            Object v = raw(key);
            return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString().strip());
        }

        Duration duration(String key, Duration fallback) {
            Optional<String> t = text(key);
            if (t.isEmpty()) {
                return fallback;
            }
            Optional<Duration> d = Durations.parse(t.get().toLowerCase(Locale.ROOT));
            if (d.isEmpty() || d.get().isZero() || d.get().isNegative()) {
                problems.add(BackupMessages.configNotDuration(PREFIX + "." + key, t.get()));
                return fallback;
            }
            return d.get();
        }

        int integer(String key, int fallback, int min) {
            Optional<String> t = text(key);
            if (t.isEmpty()) {
                return fallback;
            }
            try {
                int v = Integer.parseInt(t.get());
                if (v < min) {
                    problems.add(BackupMessages.configTooSmall(PREFIX + "." + key, min));
                    return fallback;
                }
                return v;
            } catch (NumberFormatException e) {
                problems.add(BackupMessages.configNotNumber(PREFIX + "." + key, t.get()));
                return fallback;
            }
        }

        boolean bool(String key, boolean fallback) {
            Optional<String> t = text(key);
            if (t.isEmpty()) {
                return fallback;
            }
            return switch (t.get().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> {
                    problems.add(BackupMessages.configNotBoolean(PREFIX + "." + key, t.get()));
                    yield fallback;
                }
            };
        }

        BackupSettings.Format format(String key, BackupSettings.Format fallback) {
            Optional<String> t = text(key);
            if (t.isEmpty()) {
                return fallback;
            }
            return switch (t.get().toLowerCase(Locale.ROOT)) {
                case "custom" -> BackupSettings.Format.CUSTOM;
                case "plain", "plain-gzip", "sql" -> BackupSettings.Format.PLAIN;
                default -> {
                    problems.add(BackupMessages.configBadFormat(PREFIX + "." + key, t.get()));
                    yield fallback;
                }
            };
        }

        Cron cron(String key, String fallback) {
            String t = text(key).orElse(fallback);
            try {
                return Cron.parse(t);
            } catch (IllegalArgumentException e) {
                problems.add(BackupMessages.configBadCron(PREFIX + "." + key, t, e.getMessage()));
                return Cron.parse(fallback);
            }
        }

        /** A target's schedule: its cron, the default's, or none with {@code off}. */
        Optional<Cron> schedule(String key, Cron fallback) {
            Optional<String> t = text(key);
            if (t.isPresent() && Set.of("off", "none", "false", "never").contains(t.get().toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            if (t.isEmpty()) {
                return Optional.of(fallback);
            }
            return Optional.of(cron(key, fallback.toString()));
        }

        Optional<ZoneId> zone(String key) {
            Optional<String> t = text(key);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(ZoneId.of(t.get()));
            } catch (DateTimeException e) {
                problems.add(BackupMessages.configBadZone(PREFIX + "." + key, t.get()));
                return Optional.empty();
            }
        }

        Optional<ChannelAddress> channel(String key) {
            Optional<String> t = text(key);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            Optional<ChannelAddress> a = platforms.address(t.get());
            if (a.isEmpty()) {
                problems.add(BackupMessages.configBadChannel(PREFIX + "." + key, t.get()));
            }
            return a;
        }

        String storageName(String key, String fallback, Set<String> known) {
            String name = text(key).orElse(fallback);
            if (!known.contains(name)) {
                problems.add(BackupMessages.configUnknownStorage(PREFIX + "." + key, name, known));
                return fallback;
            }
            return name;
        }

        void checkVerifyTarget(String key, String name, Targets targets) {
            if (!targets.names("postgres").contains(name)) {
                problems.add(BackupMessages.configVerifyTargetUnknown(PREFIX + "." + key, name, targets.names("postgres")));
            }
        }

        Optional<StorageSpec> storage(String name) {
            String key = "storages." + name;
            String type = text(key + ".type").orElse("");
            switch (type.toLowerCase(Locale.ROOT)) {
                case "local" -> {
                    Path dir = Path.of(text(key + ".path").orElse(DEFAULT_DIRECTORY)).toAbsolutePath().normalize();
                    return Optional.of(new StorageSpec.Local(name, dir));
                }
                case "s3" -> {
                    Optional<String> bucket = text(key + ".bucket");
                    if (bucket.isEmpty()) {
                        problems.add(BackupMessages.configS3NeedsBucket(PREFIX + "." + key + ".bucket"));
                        return Optional.empty();
                    }
                    Optional<URI> endpoint = Optional.empty();
                    Optional<String> e = text(key + ".endpoint");
                    if (e.isPresent()) {
                        try {
                            URI u = URI.create(e.get());
                            if (u.getScheme() == null || u.getHost() == null) {
                                throw new IllegalArgumentException("no scheme or host");
                            }
                            endpoint = Optional.of(u);
                        } catch (IllegalArgumentException ex) {
                            problems.add(BackupMessages.configNotUrl(PREFIX + "." + key + ".endpoint"));
                        }
                    }
                    Optional<String> keyId = text(key + ".access-key-id");
                    Optional<String> secret = text(key + ".secret-access-key");
                    if (keyId.isPresent() != secret.isPresent()) {
                        problems.add(BackupMessages.configS3KeysTogether(PREFIX + "." + key));
                    }
                    String prefix = text(key + ".prefix").orElse("");
                    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                        prefix = prefix + "/";
                    }
                    int partSize = integer(key + ".part-size", DEFAULT_PART_SIZE, MIN_PART_SIZE);
                    // R2 and MinIO need an endpoint; AWS S3 a region. "auto" is what R2 expects.
                    String region = text(key + ".region").orElse(endpoint.isPresent() ? "auto" : "us-east-1");
                    return Optional.of(new StorageSpec.S3(name, bucket.get(), prefix, endpoint, region,
                            bool(key + ".path-style", endpoint.isPresent()), keyId, secret, partSize));
                }
                default -> {
                    problems.add(BackupMessages.configBadStorageType(PREFIX + "." + key + ".type", type));
                    return Optional.empty();
                }
            }
        }

        BackupSettings target(String key, TargetSpec spec, Defaults d, Set<String> storages, Targets targets) {
            Optional<String> verifyTarget = text(key + ".verify-target").or(d::verifyTarget);
            text(key + ".verify-target").ifPresent(v -> checkVerifyTarget(key + ".verify-target", v, targets));
            boolean files = spec.type().equals("files");
            BackupSettings.Format format = files ? BackupSettings.Format.TAR : format(key + ".format", d.format());
            Duration warn = duration(key + ".warn-after", d.warnAfter());
            Duration critical = duration(key + ".critical-after", d.criticalAfter());
            if (critical.compareTo(warn) < 0) {
                problems.add(BackupMessages.configCriticalBeforeWarn(PREFIX + "." + key));
            }
            Optional<ChannelAddress> channel = channel(key + ".channel").or(d::channel);
            return new BackupSettings(spec.name(), storageName(key + ".storage", d.storage(), storages), format,
                    schedule(key + ".schedule", d.schedule()), zone(key + ".zone").orElse(zoneOf(spec, d.zone())),
                    bool(key + ".verify", d.verify()), verifyTarget, duration(key + ".keep", d.keep()),
                    integer(key + ".keep-verified", d.keepVerified(), 1), channel, warn, critical);
        }
    }
}
