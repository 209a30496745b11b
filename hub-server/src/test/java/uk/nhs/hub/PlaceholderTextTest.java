package uk.nhs.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every page template is read for words that say "there is nothing here" ("No discussions have started yet",
 * "There are no ...") written where no condition guards them: such a sentence shows whatever the data, so it is a
 * placeholder that was never wired up. An empty-state sentence must sit inside an {@code #if}/{@code #else} (or a
 * list) that decides whether it is true. The network page test ({@code DirectoryTest}) renders the page with real
 * discussions to check that it shows them.
 */
class PlaceholderTextTest {

    private static final Path TEMPLATES = Path.of("..", "hub-web", "src", "main", "resources", "templates");
    private static final Pattern EMPTY_STATE = Pattern.compile(
        "(?i)\\b(?:no|nothing|nobody|none)\\b[^.<>]*\\byet\\b(?!\\?)|\\bthere (?:are|is) no\\b|\\bno [a-z]+ (?:have|has) (?:started|been)\\b");
    private static final Pattern DIRECTIVE = Pattern.compile("<(/?)#(if|elseif|else|list|items|sep|switch|case|default|macro|function)\\b[^>]*>");

    @Test
    void noTemplateHasAnEmptyStateSentenceThatNoConditionDecides() throws IOException {
        List<String> unguarded = new ArrayList<>();
        List<Path> templates;
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            templates = files.filter(p -> p.toString().endsWith(".ftlh") || p.toString().endsWith(".ftl")).sorted().toList();
        }
        assertTrue(templates.size() > 30, "the page templates were found at " + TEMPLATES.toAbsolutePath());
        for (Path template : templates) {
            unguarded(TEMPLATES.relativize(template).toString(), read(template)).forEach(unguarded::add);
        }
        assertEquals(List.of(), unguarded, "empty-state words that show whatever the data");
    }

    @Test
    void theCheckCatchesTheNetworkPagesOldFixedText() {
        String before = """
            <@layout.page title=network.name>
              <h2>Recent discussions</h2>
              <p>No discussions have started yet.</p>
            </@layout.page>
            """;
        String after = """
            <@layout.page title=network.name>
              <#if discussions?has_content><ul>...</ul>
              <#else>
              <p>Nobody has started a discussion in ${network.name} yet.</p>
              </#if>
            </@layout.page>
            """;
        assertEquals(List.of("network/show.ftlh line 3: \"No discussions have started yet\""), unguarded("network/show.ftlh", before));
        assertEquals(List.of(), unguarded("network/show.ftlh", after));
    }

    /** The empty-state sentences outside every condition, each as "template line n: words". */
    static List<String> unguarded(String name, String source) {
        String text = Pattern.compile("(?s)<#--.*?-->").matcher(source).replaceAll(m -> m.group().replaceAll("[^\\n]", " "));
        List<String> found = new ArrayList<>();
        // how many conditions (if, list, switch) enclose each character; macros and functions do not count
        int[] depthAt = new int[text.length() + 1];
        List<String> open = new ArrayList<>();
        Matcher directive = DIRECTIVE.matcher(text);
        int position = 0;
        while (directive.find()) {
            int depth = (int) open.stream().filter(d -> !d.equals("macro") && !d.equals("function")).count();
            for (int i = position; i < directive.start(); i++) {
                depthAt[i] = depth;
            }
            for (int i = directive.start(); i < directive.end(); i++) {
                depthAt[i] = Integer.MAX_VALUE;
            }
            position = directive.end();
            boolean closing = !directive.group(1).isEmpty();
            String kind = directive.group(2);
            if (closing && !open.isEmpty()) {
                open.remove(open.size() - 1);
            } else if (!closing && List.of("if", "list", "switch", "macro", "function", "items").contains(kind)) {
                open.add(kind);
            }
        }
        int depth = (int) open.stream().filter(d -> !d.equals("macro") && !d.equals("function")).count();
        for (int i = position; i <= text.length() - 1; i++) {
            depthAt[i] = depth;
        }
        Matcher words = EMPTY_STATE.matcher(text);
        while (words.find()) {
            if (depthAt[words.start()] == 0) {
                int line = (int) text.substring(0, words.start()).chars().filter(c -> c == '\n').count() + 1;
                int end = text.indexOf('.', words.start());
                int lineEnd = text.indexOf('\n', words.start());
                String sentence = text.substring(words.start(), Math.min(end < 0 ? text.length() : end,
                    lineEnd < 0 ? text.length() : lineEnd)).replaceAll("<[^>]*>.*", "").trim();
                found.add(name + " line " + line + ": \"" + sentence + "\"");
            }
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
