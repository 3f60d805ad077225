package dev.caretaker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.chat.slack.SlackPlatform;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.support.People;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard and Caretaker's own alert rules graph metrics Caretaker really exports: after commands, an
 * Alertmanager alert and a digest, {@code /prometheus} has every metric their queries name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMetricsTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final String TOKEN = "dashboard-test-alerts-token-0123456789";
    /** Series Prometheus makes itself for every target it scrapes. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");

    private final HttpClient http = HttpClient.newHttpClient();
    private ApplicationContext context;
    private int port;

    @BeforeAll
    void start() {
        context = TestContexts.start(Map.of("micronaut.server.host", "127.0.0.1", "caretaker.alerts.token", TOKEN));
        port = context.getBean(EmbeddedServer.class).start().getPort();
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void everyMetricTheDashboardAndTheRulesNameIsExported() throws Exception {
        Dispatcher dispatcher = context.getBean(Dispatcher.class);
        assertInstanceOf(Outcome.Completed.class, dispatcher.dispatch(new CommandRequest(People.VIEWER,
                SlackPlatform.channel("C1"), "whoami", null)));
        dispatcher.dispatch(new CommandRequest(People.VIEWER, SlackPlatform.channel("C1"), "audit", null));
        assertInstanceOf(Outcome.Completed.class, dispatcher.dispatch(new CommandRequest(People.OPERATOR,
                ChannelAddress.CONSOLE, "digest now", null)), "the digest runs every probe");
        HttpResponse<String> alert = http.send(HttpRequest.newBuilder(URI.create(base() + "/alerts/alertmanager"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(fixture("/fixtures/alertmanager/firing-single.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, alert.statusCode(), alert.body());

        String scrape = http.send(HttpRequest.newBuilder(URI.create(base() + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        assertTrue(scrape.contains("caretaker_alerts_open{severity=\"critical\",state=\"firing\"} 1"),
                "the alert just taken counts: " + grep(scrape, "caretaker_alerts_open"));
        assertTrue(scrape.matches("(?s).*caretaker_leader(\\{[^}]*})? 1\\.0.*"), "one replica, the leader: "
                + grep(scrape, "caretaker_leader"));

        List<String> queries = dashboardQueries();
        queries.addAll(caretakerRuleQueries());
        Set<String> named = new TreeSet<>();
        for (String query : queries) {
            named.addAll(metricNames(query));
        }
        assertTrue(named.containsAll(Set.of("caretaker_command_seconds_count", "caretaker_probe_seconds_bucket",
                "caretaker_alerts_open", "caretaker_leader", "jvm_memory_used_bytes")), named.toString());
        for (String metric : named) {
            assertTrue(exported.contains(metric) || PROMETHEUS_OWN.contains(metric),
                    metric + " is graphed but not exported; exported: " + exported);
        }
    }

    @Test
    void theQueryReaderFindsMetricsAndNothingElse() {
        assertEquals(Set.of("caretaker_command_seconds_bucket"), metricNames(
                "histogram_quantile(0.95, sum by (le, command) (rate(caretaker_command_seconds_bucket{a=\"b c\"}[$__rate_interval])))"));
        assertEquals(Set.of("a_total", "b"), metricNames("sum(rate(a_total[5m])) / on(x) group_left(y) b > bool 0.5"));
    }

    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            if (!KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                out.add(name);
            }
        }
        return out;
    }

    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(REPO.resolve("deploy/grafana/caretaker.json").toFile());
        List<String> out = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> out.add(e.asText()));
        assertTrue(out.size() >= 10, "queries: " + out);
        return out;
    }

    /** The rules about Caretaker itself; the others watch the user's services with their exporters' metrics. */
    @SuppressWarnings("unchecked")
    private static List<String> caretakerRuleQueries() throws IOException {
        Map<String, Object> rules = ComposeFileTest.yaml(REPO.resolve("deploy/prometheus/alert-rules.yml"));
        List<String> out = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            if ("caretaker-self".equals(group.get("name"))) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    out.add(String.valueOf(rule.get("expr")));
                }
            }
        }
        assertTrue(!out.isEmpty(), "alert-rules.yml has a caretaker-self group");
        return out;
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String grep(String text, String prefix) {
        return String.join("\n", text.lines().filter(l -> l.startsWith(prefix)).toList());
    }

    private static String fixture(String resource) throws IOException {
        try (InputStream in = DashboardMetricsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
