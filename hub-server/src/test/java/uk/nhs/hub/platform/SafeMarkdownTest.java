package uk.nhs.hub.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeMarkdownTest {

    private static final Pattern OPENING_HEADING = Pattern.compile("<h([1-6])>");

    /** The levels of the headings in {@code html}, in order, as "3 4 3". */
    private static String levels(String html) {
        StringBuilder levels = new StringBuilder();
        Matcher m = OPENING_HEADING.matcher(html);
        while (m.find()) {
            levels.append(levels.length() == 0 ? "" : " ").append(m.group(1));
        }
        return levels.toString();
    }

    @ParameterizedTest(name = "{0} under h{1} gives {2}")
    @CsvSource(delimiter = '|', value = {
        // a post sits under its author's h2
        "# A\\n## B\\n# C          | 3 | 3 4 3",
        "### Only a small heading  | 3 | 3",
        "# A\\n### C, skipping B   | 3 | 3 4",
        "#### A\\n# B\\n###### C   | 3 | 3 3 4",
        "# 1\\n## 2\\n### 3\\n#### 4\\n##### 5\\n###### 6 | 3 | 3 4 5 6 6 6",
        // a broadcast sits under the page's h1
        "# A\\n## B                | 2 | 2 3",
        "## A\\n#### B\\n## C      | 2 | 2 3 2",
    })
    void headingsSitUnderThePagesOwnAndNeverSkipALevel(String markdown, int top, String expected) {
        assertEquals(expected, levels(SafeMarkdown.toHtml(markdown.replace("\\n", "\n"), top)));
    }

    @Test
    void aPostsHeadingsStartAtLevelThree() {
        assertEquals("<h3>Agenda</h3>", SafeMarkdown.toHtml("# Agenda").strip());
    }

    @Test
    void noHeadingBecomesASecondH1() {
        String html = SafeMarkdown.toHtml("# Title\n\n<h1>raw</h1>", 1);
        assertFalse(html.contains("<h1"), html);
        assertTrue(html.contains("<h2>Title</h2>"), html);
    }
}
