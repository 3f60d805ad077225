package dev.caretaker.action.custom.logs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where one service's log lines come from, as declared under {@code sources:} of a {@code logs} command. Every value
 * comes from the command file, is checked against a narrow pattern at boot, and fills one argv element: nothing a
 * person types in chat reaches these argvs but the line count and the time window, both numbers.
 */
sealed interface LogSource {

    /** How people read the source in a reply, e.g. {@code kubernetes deployment/web in shop}. */
    String describe();

    /** A source read by running a program ({@code kubectl}, {@code docker}, {@code journalctl}). */
    sealed interface Program extends LogSource {

        /** The argv asking for the newest {@code lines} lines of the last {@code since}. */
        List<String> argv(int lines, Duration since);
    }

    /** {@code type: kubernetes}: {@code kubectl logs} of a deployment, a pod or the pods matching a selector. */
    record Kubernetes(String kind, String name, String namespace, String container, String context) implements Program {

        @Override
        public List<String> argv(int lines, Duration since) {
            List<String> argv = new ArrayList<>(List.of("kubectl", "logs"));
            if (kind.equals("selector")) {
                argv.addAll(List.of("--selector=" + name, "--prefix=true", "--max-log-requests=10"));
            } else {
                argv.add(kind + "/" + name);
            }
            if (namespace != null) {
                argv.add("--namespace=" + namespace);
            }
            if (context != null) {
                argv.add("--context=" + context);
            }
            argv.add(container == null ? "--all-containers=true" : "--container=" + container);
            argv.add("--tail=" + lines);
            argv.add("--since=" + since.toSeconds() + "s");
            return argv;
        }

        @Override
        public String describe() {
            return "kubernetes " + (kind.equals("selector") ? "pods " + name : kind + "/" + name)
                    + (namespace == null ? "" : " in " + namespace);
        }
    }

    /** {@code type: docker}: {@code docker logs} of one container. */
    record Docker(String container) implements Program {

        @Override
        public List<String> argv(int lines, Duration since) {
            return List.of("docker", "logs", "--tail=" + lines, "--since=" + since.toSeconds() + "s", container);
        }

        @Override
        public String describe() {
            return "docker container " + container;
        }
    }

    /** {@code type: journald}: {@code journalctl -u} of one systemd unit. */
    record Journald(String unit) implements Program {

        @Override
        public List<String> argv(int lines, Duration since) {
            return List.of("journalctl", "--unit=" + unit, "--no-pager", "--quiet", "--output=short-iso",
                    "--lines=" + lines, "--since=-" + since.toSeconds() + "s");
        }

        @Override
        public String describe() {
            return "journald unit " + unit;
        }
    }

    /** {@code type: file}: the end of a log file, read by Caretaker itself. */
    record File(Path path) implements LogSource {

        @Override
        public String describe() {
            return "file " + path;
        }
    }

    // ---- reading the declaration -----------------------------------------------------------------------------------

    Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** Kubernetes object names (DNS-1123 subdomains) and namespaces. */
    Pattern K8S_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    /** Label selectors: {@code app=web}, {@code app in (web,api)}, {@code tier!=cache,app=web}. */
    Pattern K8S_SELECTOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./=!, ()-]{0,251}");
    Pattern K8S_CONTEXT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,252}");
    Pattern DOCKER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    Pattern SYSTEMD_UNIT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.@\\\\-]{0,255}");
    Set<String> TYPES = Set.of("kubernetes", "docker", "journald", "file");

    /**
     * Reads one source, adding one sentence per problem to {@code problems}.
     *
     * @return the source, or null when it has problems
     */
    static LogSource parse(String service, Object declaration, List<String> problems) {
        if (!(declaration instanceof Map<?, ?> raw)) {
            problems.add(LogsMessages.sourceNotAMapping(service));
            return null;
        }
        Map<String, String> s = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?>) {
                problems.add(LogsMessages.sourceValueNotPlain(service, String.valueOf(e.getKey())));
                return null;
            }
            s.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()).strip());
        }
        String type = s.get("type");
        if (type == null || !TYPES.contains(type)) {
            problems.add(LogsMessages.sourceType(service, type));
            return null;
        }
        int before = problems.size();
        LogSource source = switch (type) {
            case "kubernetes" -> {
                known(service, type, s, List.of("type", "deployment", "pod", "selector", "namespace", "container",
                        "context"), problems);
                List<String> which = List.of("deployment", "pod", "selector").stream().filter(s::containsKey).toList();
                if (which.size() != 1) {
                    problems.add(LogsMessages.kubernetesOneOf(service));
                    yield null;
                }
                String kind = which.getFirst();
                String name = checked(service, kind, s.get(kind), kind.equals("selector") ? K8S_SELECTOR : K8S_NAME,
                        problems);
                String namespace = optional(service, "namespace", s, K8S_NAME, problems);
                String container = optional(service, "container", s, K8S_NAME, problems);
                String context = optional(service, "context", s, K8S_CONTEXT, problems);
                yield new Kubernetes(kind, name, namespace, container, context);
            }
            case "docker" -> {
                known(service, type, s, List.of("type", "container"), problems);
                yield new Docker(required(service, "container", s, DOCKER_NAME, problems));
            }
            case "journald" -> {
                known(service, type, s, List.of("type", "unit"), problems);
                yield new Journald(required(service, "unit", s, SYSTEMD_UNIT, problems));
            }
            default -> {
                known(service, type, s, List.of("type", "path"), problems);
                String path = s.get("path");
                if (path == null || !path.startsWith("/") || path.contains("\0")) {
                    problems.add(LogsMessages.fileNeedsAbsolutePath(service));
                    yield null;
                }
                yield new File(Path.of(path).normalize());
            }
        };
        return problems.size() > before ? null : source;
    }

    private static void known(String service, String type, Map<String, String> s, List<String> keys,
                              List<String> problems) {
        for (String key : s.keySet()) {
            if (!keys.contains(key)) {
                problems.add(LogsMessages.sourceUnknownKey(service, type, key, keys.subList(1, keys.size())));
            }
        }
    }

    private static String required(String service, String key, Map<String, String> s, Pattern shape,
                                   List<String> problems) {
        if (!s.containsKey(key)) {
            problems.add(LogsMessages.sourceMissingKey(service, key));
            return null;
        }
        return checked(service, key, s.get(key), shape, problems);
    }

    private static String optional(String service, String key, Map<String, String> s, Pattern shape,
                                   List<String> problems) {
        return s.containsKey(key) ? checked(service, key, s.get(key), shape, problems) : null;
    }

    private static String checked(String service, String key, String value, Pattern shape, List<String> problems) {
        // the shapes all start with a letter or digit, so no value can be read as an option
        if (value == null || !shape.matcher(value).matches()) {
            problems.add(LogsMessages.sourceBadValue(service, key, value));
            return null;
        }
        return value;
    }
}
