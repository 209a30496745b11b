package uk.nhs.hub.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import uk.nhs.hub.TestHub;

import java.io.IOException;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The example alert rules and Grafana dashboard in {@code conf/} parse, and ask only for series the hub really
 * exports, so a renamed meter breaks this test rather than an operator's dashboard.
 */
class MonitoringConfigTest {

    /** Series names as PromQL writes them: every meter of the hub, Vert.x, the JVM and the process has one of these prefixes. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:hub|vertx|jvm|process)_[a-z0-9_]+)\\b");
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private static Path conf(String name) {
        Path file = Path.of("..", "conf", name);
        assertTrue(Files.isRegularFile(file), file.toAbsolutePath() + " exists");
        return file;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alertRules() throws IOException {
        Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(conf("prometheus-alerts.yml")));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    private static List<String> dashboardQueries() throws IOException {
        JsonObject dashboard = new JsonObject(Files.readString(conf("grafana-dashboard.json")));
        List<String> queries = new ArrayList<>();
        for (Object panel : dashboard.getJsonArray("panels")) {
            for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
                queries.add(((JsonObject) target).getString("expr"));
            }
        }
        for (Object variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
            Object query = ((JsonObject) variable).getValue("query");
            if (query instanceof JsonObject q) {
                queries.add(q.getString("query"));
            }
        }
        return queries;
    }

    private static Set<String> exported() {
        await(TestHub.get().client().get("/health").send());
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES.matcher(MetricsTest.scrape());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void alertRulesParseAndCoverTheOutboxTheDatabaseAndErrors() throws IOException {
        List<Map<String, Object>> rules = alertRules();
        List<String> names = rules.stream().map(rule -> (String) rule.get("alert")).toList();
        assertTrue(names.containsAll(List.of("HubOutboxStuck", "HubDatabaseNotReady", "HubErrorRateHigh")), names.toString());
        for (Map<String, Object> rule : rules) {
            assertNotNull(rule.get("expr"), rule.get("alert") + " has an expression");
            assertNotNull(((Map<?, ?>) rule.get("annotations")).get("summary"), rule.get("alert") + " says what is wrong");
        }
    }

    @Test
    void everyMetricTheAlertRulesAndDashboardUseIsOneTheHubExports() throws IOException {
        Set<String> exported = exported();
        List<String> queries = new ArrayList<>();
        alertRules().forEach(rule -> queries.add(String.valueOf(rule.get("expr"))));
        queries.addAll(dashboardQueries());
        assertFalse(queries.isEmpty());
        Set<String> missing = new TreeSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            int found = 0;
            while (m.find()) {
                found++;
                if (!exported.contains(m.group(1))) {
                    missing.add(m.group(1));
                }
            }
            assertTrue(found > 0, "no hub metric in " + query);
        }
        assertEquals(Set.of(), missing, "used but not exported; the hub exports " + exported);
    }
}
