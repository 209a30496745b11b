package uk.nhs.hub.platform;

import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import java.util.List;

/**
 * Markdown written by people (posts, broadcasts) turned into HTML that is safe to put in a page. commonmark
 * renders it with raw HTML escaped; the OWASP sanitizer then keeps only formatting, lists, quotes, code, tables
 * and web or mail links, because commonmark on its own passes {@code javascript:} links and, unescaped,
 * {@code <script>} through. Headings become level-4 headings so a post never breaks the page's outline, and
 * images are dropped (they could track readers).
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
            "table", "thead", "tbody", "tr", "th", "td", "h4")
        .allowElements((name, attributes) -> "h4", "h1", "h2", "h3", "h5", "h6")
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

    /** The sanitised HTML of {@code markdown}. */
    public static String toHtml(String markdown) {
        return POLICY.sanitize(RENDERER.render(PARSER.parse(markdown)));
    }
}
