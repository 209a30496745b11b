package uk.nhs.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events catalogue in {@code docs/ARCHITECTURE.md} names every event the server publishes or writes to a
 * network's event log, and every address, so a page's author can find what it may receive. Names are read from the
 * code: the constants of each {@code *Events} class, the {@code type} of payloads built elsewhere, the types given to
 * {@code NetworkEvents.append} and broadcast notices, and the types SQL writes into the log (retention's
 * {@code expired}).
 */
class EventsCatalogueTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path ARCHITECTURE = Path.of("../docs/ARCHITECTURE.md");

    private static final Pattern CONSTANT = Pattern.compile("static final String \\w+ = \"([a-z][a-z.-]*)\";");
    private static final Pattern PUBLISHED_TYPE = Pattern.compile(
        "(?:put\\(\"type\", |NetworkEvents\\.append\\([^,]+, [^,]+, |publish\\(\\w+, )\"([a-z][a-z.-]*)\"");
    private static final Pattern LOGGED_BY_SQL = Pattern.compile("SET type = '([a-z][a-z.-]*)'");

    /**
     * Files whose {@code type} values are not events: the bridge's own protocol frames ({@code rec}, {@code err}) and
     * the demonstration's feedback and consultation questions ({@code single}, {@code rating}).
     */
    private static final Set<String> NOT_EVENTS = Set.of("EventBusBridge.java", "DemoActivity.java", "DemoProjects.java");

    @Test
    void everyEventAndAddressInTheCodeIsInTheEventsCatalogue() throws IOException {
        String catalogue = catalogue();
        Set<String> missing = new TreeSet<>();
        for (Path file : javaFiles()) {
            String name = file.getFileName().toString();
            if (NOT_EVENTS.contains(name)) {
                continue;
            }
            String code = Files.readString(file);
            if (name.endsWith("Events.java")) {
                for (String value : all(CONSTANT, code)) {
                    // an address prefix appears with its placeholder, as in `hub.client.network.<networkId>`
                    boolean shown = value.endsWith(".") ? catalogue.contains("`" + value + "<") : named(catalogue, value);
                    if (!shown) {
                        missing.add(value + " (" + name + ")");
                    }
                }
            }
            for (Pattern pattern : List.of(PUBLISHED_TYPE, LOGGED_BY_SQL)) {
                for (String type : all(pattern, code)) {
                    if (!named(catalogue, type)) {
                        missing.add(type + " (" + name + ")");
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "events published in the code but missing from the catalogue");
    }

    @Test
    void theCheckFindsEventsInEachPlaceTheCodeNamesThem() {
        assertEquals(List.of("post.hidden"), all(CONSTANT, "static final String POST_HIDDEN = \"post.hidden\";"));
        assertEquals(List.of("papers.changed", "post.deleted", "broadcast.version"), all(PUBLISHED_TYPE,
            "new JsonObject().put(\"type\", \"papers.changed\"); NetworkEvents.append(tx, standing.networkId(), \"post.deleted\","
                + " x); publish(broadcastId, \"broadcast.version\", null);"));
        assertEquals(List.of("expired"), all(LOGGED_BY_SQL, "UPDATE network_events SET type = 'expired', payload = '{}'"));
    }

    /** Named as code (`post.hidden`) or in a sample payload ({"type": "signed-out"}). */
    private static boolean named(String catalogue, String type) {
        return catalogue.contains("`" + type + "`") || catalogue.contains("\"type\": \"" + type + "\"");
    }

    /** The catalogue section: from its heading to the next top-level section. */
    private static String catalogue() throws IOException {
        String text = Files.readString(ARCHITECTURE);
        int start = text.indexOf("### Events catalogue");
        assertTrue(start >= 0, "ARCHITECTURE.md has an events catalogue");
        int end = text.indexOf("\n## ", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<String> all(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
