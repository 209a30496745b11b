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

    /** What was read; {@code reason} says why reading failed or stopped, for the logs, and is null when it did not. */
    record Result(Outcome outcome, List<Page> pages, String reason) {
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
            String inflation = Inflation.problem(file, pages.deadline);
            if (inflation != null) {
                return new Result(Outcome.FAILED, List.of(), inflation);
            }
            new AutoDetectParser().parse(in, pages, metadata, new ParseContext());
            return new Result(Outcome.DONE, pages.pages(), null);
        } catch (Exception e) {
            if (pages.full) {
                return new Result(Outcome.TOO_LARGE, pages.pages(), e.getMessage());
            }
            return new Result(Outcome.FAILED, List.of(), String.valueOf(e.getMessage()));
        } catch (StackOverflowError | OutOfMemoryError e) {
            // a deeply nested or enormous file: give up on it, not on the hub
            return new Result(Outcome.FAILED, List.of(), e.toString());
        }
    }

    /**
     * A guard for ZIP containers (Word, PowerPoint and Excel files, OpenDocument). The readers Tika uses keep a whole
     * text run or cell in memory, so a file of a few hundred kilobytes whose XML inflates to gigabytes would fill the
     * heap long before any of our limits is reached. Every entry is inflated here first, counting bytes and keeping
     * none, and the file is refused when an entry grows far more than real office XML does (about ten times), or the
     * whole grows beyond what any paper needs.
     */
    static final class Inflation {

        /** Bytes every ZIP file starts with (a local file header). */
        private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
        /** How many times an entry may grow once it is past its first megabyte. */
        static final long MAX_RATIO = 100;
        /** The most a whole container may inflate to. */
        static final long MAX_TOTAL = 256L * 1024 * 1024;
        /** The most entries a container may have; a long presentation has a few thousand. */
        static final int MAX_ENTRIES = 20_000;

        private Inflation() {
        }

        /** Why {@code file} must not be read, or null when it is no ZIP container or inflates as a paper does. */
        static String problem(Path file, long deadline) throws java.io.IOException {
            byte[] start = new byte[ZIP_MAGIC.length];
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                if (in.readNBytes(start, 0, start.length) < start.length || !java.util.Arrays.equals(start, ZIP_MAGIC)) {
                    return null;
                }
            }
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int entries = 0;
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                for (var e = zip.entries(); e.hasMoreElements(); ) {
                    java.util.zip.ZipEntry entry = e.nextElement();
                    if (++entries > MAX_ENTRIES) {
                        return "the file holds more than " + MAX_ENTRIES + " parts";
                    }
                    // the compressed size is the one figure a hostile file cannot inflate; unknown counts as 1 byte
                    long allowed = Math.max(1_048_576, Math.max(1, entry.getCompressedSize()) * MAX_RATIO);
                    long inflated = 0;
                    try (java.io.InputStream in = zip.getInputStream(entry)) {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            inflated += n;
                            total += n;
                            if (inflated > allowed) {
                                return entry.getName() + " inflates more than " + MAX_RATIO + " times its size";
                            }
                            if (total > MAX_TOTAL) {
                                return "the file inflates to more than " + MAX_TOTAL / 1_048_576 + " MB";
                            }
                            if (System.nanoTime() > deadline) {
                                return "inflating the file took longer than its time limit";
                            }
                        }
                    }
                }
            }
            return null;
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
