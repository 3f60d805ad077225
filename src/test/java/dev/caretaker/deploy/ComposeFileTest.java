package dev.caretaker.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deploy/compose.yml} and the files it mounts, checked without a container engine: the services are there,
 * every variable Caretaker is given is one it reads, every secret comes from {@code .env.example}, and the
 * addresses Prometheus, Alertmanager and Grafana use are the services and ports Compose gives them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeFileTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path DEPLOY = REPO.resolve("deploy");
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)");

    private Map<String, Object> compose;
    private Map<String, Object> services;

    @BeforeAll
    void read() throws IOException {
        compose = yaml(DEPLOY.resolve("compose.yml"));
        services = map(compose, "services");
    }

    @Test
    void theStackIsCaretakerTwiceWithItsDatabaseRedisAndMonitoring() {
        assertEquals(Set.of("caretaker", "postgres", "redis", "prometheus", "alertmanager", "grafana"), services.keySet());
        Map<String, Object> caretaker = map(services, "caretaker");
        assertEquals(2, map(caretaker, "deploy").get("replicas"));
        Map<String, Object> build = map(caretaker, "build");
        Path context = DEPLOY.resolve((String) build.get("context")).normalize();
        assertEquals(REPO, context, "built from the repository root");
        assertTrue(Files.isRegularFile(context.resolve((String) build.get("dockerfile"))));
        assertFalse(caretaker.containsKey("ports"), "two replicas publish no host port; Socket Mode needs none");
        for (var service : services.entrySet()) {
            @SuppressWarnings("unchecked")
            List<String> ports = (List<String>) ((Map<String, Object>) service.getValue()).getOrDefault("ports", List.of());
            ports.forEach(p -> assertTrue(p.startsWith("127.0.0.1:"), service.getKey() + " publishes " + p
                    + " beyond this machine"));
        }
    }

    @Test
    void caretakerIsGivenOnlySettingsItReadsAndWhatItNeeds() {
        CaretakerSettings settings = CaretakerSettings.scan(REPO);
        Map<String, Object> env = environment("caretaker");
        for (String key : env.keySet()) {
            assertTrue(settings.reads(key), "compose.yml sets " + key + " for Caretaker, which it does not read");
        }
        Map<String, Object> postgres = environment("postgres");
        URI database = URI.create(((String) env.get("DATASOURCES_DEFAULT_URL")).substring("jdbc:".length()));
        assertEquals("postgres", database.getHost());
        assertEquals(5432, database.getPort());
        assertEquals("/" + postgres.get("POSTGRES_DB"), database.getPath());
        assertEquals(postgres.get("POSTGRES_USER"), env.get("DATASOURCES_DEFAULT_USERNAME"));
        assertEquals(postgres.get("POSTGRES_PASSWORD"), env.get("DATASOURCES_DEFAULT_PASSWORD"));
        String redisUri = (String) env.get("REDIS_URI");
        assertTrue(redisUri.startsWith("redis://:${REDIS_PASSWORD"), "Caretaker logs in to the Redis with a password");
        assertTrue(String.valueOf(map(services, "redis").get("command")).contains("${REDIS_PASSWORD"));
        assertEquals("redis", URI.create(redisUri.replaceAll("\\$\\{[^}]*}", "secret")).getHost());
        assertTrue(env.containsKey("SLACK_APP_TOKEN"), "Socket Mode: no public URL needed");
        assertEquals("json", env.get("CARETAKER_LOG_FORMAT"));
        assertTrue(exposed("caretaker").containsAll(List.of(env.get("MICRONAUT_SERVER_PORT"),
                env.get("CARETAKER_MANAGEMENT_PORT"))));
        String configFile = (String) env.get("MICRONAUT_CONFIG_FILES");
        assertTrue(mounts("caretaker").containsKey(configFile), "the configuration file is mounted: " + configFile);
        assertTrue(mounts("caretaker").containsKey("/app/commands"));
    }

    @Test
    void everySecretIsNamedInEnvExampleAndEveryNameThereIsUsed() throws IOException {
        String text = Files.readString(DEPLOY.resolve("compose.yml"));
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        used.addAll(secretSources());
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(DEPLOY.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertTrue(line.matches("[A-Z][A-Z0-9_]*=$"), ".env.example holds names, not values: " + line);
                listed.add(line.substring(0, line.indexOf('=')));
            }
        }
        assertEquals(used, listed);
        assertTrue(Files.readString(REPO.resolve(".gitignore")).contains("/deploy/.env"), "deploy/.env is never committed");
    }

    @Test
    void everyMountedFileIsInTheRepository() {
        int binds = 0;
        for (String service : services.keySet()) {
            for (Map.Entry<String, String> mount : mounts(service).entrySet()) {
                if (mount.getValue().startsWith(".")) {
                    assertTrue(Files.exists(DEPLOY.resolve(mount.getValue())), service + " mounts " + mount.getValue());
                    binds++;
                }
            }
        }
        assertTrue(binds >= 7, "binds checked: " + binds);
    }

    @Test
    void prometheusScrapesEveryReplicaAndLoadsTheAlertRules() throws IOException {
        Map<String, Object> prometheus = yaml(DEPLOY.resolve("prometheus/prometheus.yml"));
        Map<String, String> mounts = mounts("prometheus");
        @SuppressWarnings("unchecked")
        List<String> rules = (List<String>) prometheus.get("rule_files");
        assertEquals(List.of("./prometheus/alert-rules.yml"), rules.stream().map(mounts::get).toList());
        Map<String, Object> job = scrapeJob(prometheus, "caretaker");
        assertEquals("/prometheus", job.get("metrics_path"));
        @SuppressWarnings("unchecked")
        Map<String, Object> dns = ((List<Map<String, Object>>) job.get("dns_sd_configs")).getFirst();
        assertEquals(List.of("caretaker"), dns.get("names"));
        assertEquals(environment("caretaker").get("CARETAKER_MANAGEMENT_PORT"), String.valueOf(dns.get("port")));
        @SuppressWarnings("unchecked")
        Map<String, Object> am = ((List<Map<String, Object>>) map(prometheus, "alerting").get("alertmanagers")).getFirst();
        @SuppressWarnings("unchecked")
        List<String> targets = (List<String>) ((List<Map<String, Object>>) am.get("static_configs")).getFirst().get("targets");
        assertEquals(List.of("alertmanager:9093"), targets);
        assertTrue(exposed("alertmanager").contains("9093"));

        Map<String, Object> alertRules = yaml(DEPLOY.resolve("prometheus/alert-rules.yml"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) alertRules.get("groups");
        for (Map<String, Object> group : groups) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) group.get("rules");
            for (Map<String, Object> rule : list) {
                assertNotNull(rule.get("expr"), rule.toString());
                assertTrue(Set.of("warning", "critical").contains(map(rule, "labels").get("severity")), rule.toString());
                assertNotNull(map(rule, "annotations").get("summary"), rule.toString());
            }
        }
    }

    @Test
    void alertmanagerSendsToCaretakerWithTheTokenCaretakerChecks() throws IOException {
        Map<String, Object> am = yaml(DEPLOY.resolve("prometheus/alertmanager.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> webhook = ((List<Map<String, Object>>) ((List<Map<String, Object>>) am.get("receivers"))
                .getFirst().get("webhook_configs")).getFirst();
        URI url = URI.create((String) webhook.get("url"));
        assertEquals("caretaker", url.getHost());
        assertEquals(environment("caretaker").get("MICRONAUT_SERVER_PORT"), String.valueOf(url.getPort()));
        assertEquals("/alerts/alertmanager", url.getPath());
        Map<String, Object> authorization = map(map(webhook, "http_config"), "authorization");
        assertEquals("Bearer", authorization.get("type"));
        String tokenFile = (String) authorization.get("credentials_file");
        @SuppressWarnings("unchecked")
        Map<String, Object> secret = ((List<Map<String, Object>>) map(services, "alertmanager").get("secrets")).getFirst();
        assertEquals(tokenFile, secret.get("target"));
        Map<String, Object> source = map(map(compose, "secrets"), (String) secret.get("source"));
        assertEquals("CARETAKER_ALERTS_TOKEN", source.get("environment"));
        assertTrue(String.valueOf(environment("caretaker").get("CARETAKER_ALERTS_TOKEN")).startsWith("${CARETAKER_ALERTS_TOKEN"));
    }

    @Test
    void grafanaLoadsTheDashboardFromPrometheus() throws IOException {
        Map<String, String> mounts = mounts("grafana");
        assertEquals("./grafana/provisioning", mounts.get("/etc/grafana/provisioning"));
        Map<String, Object> datasources = yaml(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> prometheus = ((List<Map<String, Object>>) datasources.get("datasources")).getFirst();
        assertEquals("http://prometheus:9090", prometheus.get("url"));
        assertTrue(String.valueOf(map(services, "prometheus").get("ports")).contains(":9090"));
        Map<String, Object> dashboards = yaml(DEPLOY.resolve("grafana/provisioning/dashboards/caretaker.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> provider = ((List<Map<String, Object>>) dashboards.get("providers")).getFirst();
        String folder = (String) map(provider, "options").get("path");
        assertEquals("./grafana/caretaker.json", mounts.get(folder + "/caretaker.json"));
        String dashboard = Files.readString(DEPLOY.resolve("grafana/caretaker.json"));
        assertTrue(dashboard.contains("\"uid\": \"" + prometheus.get("uid") + "\""), "the panels use that data source");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Map<String, Object> environment(String service) {
        return map(map(services, service), "environment");
    }

    private List<String> exposed(String service) {
        @SuppressWarnings("unchecked")
        List<Object> expose = (List<Object>) map(services, service).getOrDefault("expose", List.of());
        return expose.stream().map(String::valueOf).toList();
    }

    /** Container path to host path of a service's bind mounts (named volumes have no dot). */
    private Map<String, String> mounts(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) map(services, service).getOrDefault("volumes", List.of());
        for (String v : volumes) {
            String[] parts = v.split(":");
            out.put(parts[1], parts[0]);
        }
        return out;
    }

    private List<String> secretSources() {
        List<String> out = new ArrayList<>();
        map(compose, "secrets").values().forEach(s -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> secret = (Map<String, Object>) s;
            out.add((String) secret.get("environment"));
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scrapeJob(Map<String, Object> prometheus, String name) {
        return ((List<Map<String, Object>>) prometheus.get("scrape_configs")).stream()
                .filter(j -> name.equals(j.get("job_name"))).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " in " + parent.keySet());
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }
}
