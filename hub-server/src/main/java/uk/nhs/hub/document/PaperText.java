package uk.nhs.hub.document;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The words in a paper, page by page where the format has pages (a PDF's pages, a presentation's slides), read by
 * Apache Tika. Blocking: run it off the event loop. A hostile file cannot hold it for long or fill the heap with
 * text: reading stops when the time limit passes (checked as text arrives) or the text reaches its limit, keeping
 * what was read so far in the second case.
 */
final class PaperText {

    /** How reading ended. */
    enum Outcome { DONE, TOO_LARGE, FAILED }

    /** One page's text; {@code page} is null when the format has no pages. */
    record Page(Integer page, String text) {
    }

    record Result(Outcome outcome, List<Page> pages) {
    }

    private final long timeLimitNanos;
    private final int characterLimit;

    PaperText(long timeLimitMillis, int characterLimit) {
        this.timeLimitNanos = timeLimitMillis * 1_000_000L;
        this.characterLimit = characterLimit;
    }

    Result read(Path file, String contentType) {
        Pages pages = new Pages(System.nanoTime() + timeLimitNanos, characterLimit);
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, contentType);
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            new AutoDetectParser().parse(in, pages, metadata, new ParseContext());
            return new Result(Outcome.DONE, pages.pages());
        } catch (Exception e) {
            if (pages.full) {
                return new Result(Outcome.TOO_LARGE, pages.pages());
            }
            return new Result(Outcome.FAILED, List.of());
        } catch (StackOverflowError | OutOfMemoryError e) {
            // a deeply nested or enormous file: give up on it, not on the hub
            return new Result(Outcome.FAILED, List.of());
        }
    }

    /** Collects text into pages as Tika's XHTML events arrive, stopping at the limits. */
    private static final class Pages extends DefaultHandler {

        private final long deadline;
        private final int limit;
        private final List<StringBuilder> texts = new ArrayList<>();
        private final List<Integer> numbers = new ArrayList<>();
        private StringBuilder current = new StringBuilder();
        private int pagesSeen;
        private int characters;
        private boolean full;

        Pages(long deadline, int limit) {
            this.deadline = deadline;
            this.limit = limit;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            String kind = attributes.getValue("class");
            if ("div".equals(localName) && ("page".equals(kind) || "slide-content".equals(kind))) {
                if (pagesSeen == 0 && !current.toString().isBlank()) {
                    // text before the first page (a title from the file's properties) belongs to no page
                    texts.add(current);
                    numbers.add(null);
                }
                pagesSeen++;
                current = new StringBuilder();
                texts.add(current);
                numbers.add(pagesSeen);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if ("p".equals(localName) || "div".equals(localName) || "td".equals(localName) || "li".equals(localName)) {
                current.append('\n');
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (System.nanoTime() > deadline) {
                throw new SAXException("reading the paper took longer than its time limit");
            }
            int room = limit - characters;
            if (length > room) {
                current.append(ch, start, Math.max(0, room));
                characters = limit;
                full = true;
                throw new SAXException("the paper's text is longer than the limit");
            }
            current.append(ch, start, length);
            characters += length;
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            characters(ch, start, length);
        }

        List<Page> pages() {
            List<Page> out = new ArrayList<>();
            if (pagesSeen == 0) {
                String text = current.toString().strip();
                if (!text.isEmpty()) {
                    out.add(new Page(null, text));
                }
                return out;
            }
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i).toString().strip();
                if (!text.isEmpty()) {
                    out.add(new Page(numbers.get(i), text));
                }
            }
            return out;
        }
    }
}
