package uk.nhs.hub.platform;

import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Markdown written by people (posts, broadcasts) turned into HTML that is safe to put in a page. commonmark
 * renders it with raw HTML escaped; the OWASP sanitizer then keeps only formatting, lists, quotes, code, tables
 * and web or mail links, because commonmark on its own passes {@code javascript:} links and, unescaped,
 * {@code <script>} through. Headings are moved to sit under the page's own: the first level the writer used
 * becomes the level the page gives (a post's author is an h2, so its headings start at h3), and no heading is
 * more than one level below the one before, so the page's outline never skips a level. Images are dropped (they
 * could track readers).
 */
public final class SafeMarkdown {

    private static final List<org.commonmark.Extension> EXTENSIONS =
        List.of(AutolinkExtension.create(), StrikethroughExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS)
        .escapeHtml(true).sanitizeUrls(true).softbreak("<br>").build();
    private static final java.util.regex.Pattern WEB_OR_MAIL = java.util.regex.Pattern.compile("(?i)(https?://|mailto:)\\S+");
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
        .allowElements("p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
            "table", "thead", "tbody", "tr", "th", "td", "h2", "h3", "h4", "h5", "h6")
        // a page has one h1, its own title
        .allowElements((name, attributes) -> "h2", "h1")
        .allowAttributes("start").matching(java.util.regex.Pattern.compile("[0-9]{1,6}")).onElements("ol")
        .allowElements("a")
        .allowAttributes("href").matching(WEB_OR_MAIL).onElements("a")
        .allowUrlProtocols("https", "http", "mailto")
        .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
        .toFactory();

    private SafeMarkdown() {
    }

    /**
     * Markdown someone wrote, checked: 400 on {@code field} with {@code emptyMessage} when there is none, 413 when
     * it is longer than {@code maxCharacters}. Returned without surrounding blank space.
     */
    public static String written(Object value, int maxCharacters, String field, String emptyMessage, String what) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw HubException.invalid(field, emptyMessage);
        }
        if (text.length() > maxCharacters) {
            throw new HubException(413, "too_large", what + " is " + String.format(java.util.Locale.UK, "%,d", text.length())
                + " characters long; the most is " + String.format(java.util.Locale.UK, "%,d", maxCharacters), field);
        }
        return text.strip();
    }

    /** The heading level a post's headings start at: under the post's own h2 (its author and time). */
    public static final int POST_HEADINGS = 3;
    /** The heading level a broadcast's headings start at: under the page's h1 (its title). */
    public static final int BROADCAST_HEADINGS = 2;

    /** The sanitised HTML of a post's {@code markdown}, its headings starting at {@link #POST_HEADINGS}. */
    public static String toHtml(String markdown) {
        return toHtml(markdown, POST_HEADINGS);
    }

    /** The sanitised HTML of {@code markdown}, its headings starting at {@code topLevel} (2 to 6) and never skipping one. */
    public static String toHtml(String markdown, int topLevel) {
        Node document = PARSER.parse(markdown);
        shiftHeadings(document, Math.max(2, Math.min(6, topLevel)));
        return POLICY.sanitize(RENDERER.render(document));
    }

    private static void shiftHeadings(Node document, int topLevel) {
        List<Heading> headings = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                headings.add(heading);
            }
        });
        // writers' levels keep their order (a "##" under a "#" stays below it) but close up any gaps between them
        List<Integer> used = headings.stream().map(Heading::getLevel).distinct().sorted().toList();
        int previous = topLevel - 1;
        for (Heading heading : headings) {
            int wanted = topLevel + used.indexOf(heading.getLevel());
            int level = Math.min(6, Math.min(wanted, previous + 1));
            heading.setLevel(level);
            previous = level;
        }
    }
}
