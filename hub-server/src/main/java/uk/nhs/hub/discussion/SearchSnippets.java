package uk.nhs.hub.discussion;

import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

import java.util.List;

/**
 * The text a search result quotes from a post: what a reader sees, not the Markdown typed (no {@code **}, link
 * targets in brackets or {@code @[...]} codes), with "…" wherever the quote starts after the post's beginning or
 * stops before its end.
 */
final class SearchSnippets {

    private static final List<org.commonmark.Extension> EXTENSIONS =
        List.of(AutolinkExtension.create(), StrikethroughExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final String CUT = "…";

    private SearchSnippets() {
    }

    /** A post's text as it reads, in one line: Markdown and mention codes removed, blank space closed up. */
    static String plainText(String markdown) {
        String shown = Mentions.in(markdown, List.of()).markdown();
        StringBuilder text = new StringBuilder();
        PARSER.parse(shown).accept(new Words(text));
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    /** Collects the words a reader sees; a link reads as its text, markup the post shows as typed stays. */
    private static final class Words extends AbstractVisitor {
        private final StringBuilder text;

        Words(StringBuilder text) {
            this.text = text;
        }

        @Override
        public void visit(Text node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(Code node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(HtmlInline node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(HtmlBlock node) {
            text.append(node.getLiteral()).append(' ');
        }

        @Override
        public void visit(FencedCodeBlock node) {
            text.append(node.getLiteral()).append(' ');
        }

        @Override
        public void visit(IndentedCodeBlock node) {
            text.append(node.getLiteral()).append(' ');
        }

        @Override
        public void visit(SoftLineBreak node) {
            text.append(' ');
        }

        @Override
        public void visit(HardLineBreak node) {
            text.append(' ');
        }

        @Override
        public void visit(Paragraph node) {
            visitChildren(node);
            text.append(' ');
        }

        @Override
        public void visit(Heading node) {
            visitChildren(node);
            text.append(' ');
        }

        @Override
        public void visit(ListItem node) {
            visitChildren(node);
            text.append(' ');
        }
    }

    /**
     * The headline ({@code ts_headline} over {@code plain}, matched words between ⟦ and ⟧, fragments joined by
     * " … ") with "…" added at either end where it does not reach the start or end of the text.
     */
    static String marked(String headline, String plain) {
        String bare = headline.replace("⟦", "").replace("⟧", "").strip();
        String[] fragments = bare.split(" " + CUT + " ", -1);
        String first = fragments[0].strip();
        String last = fragments[fragments.length - 1].strip();
        String out = headline.strip();
        if (!first.isEmpty() && !plain.startsWith(first)) {
            out = CUT + " " + out;
        }
        if (!last.isEmpty() && !plain.endsWith(last)) {
            out = out + " " + CUT;
        }
        return out;
    }
}
