package uk.nhs.hub.document;

import org.apache.tika.Tika;
import uk.nhs.hub.platform.HubException;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * What a file is, judged from its bytes (Apache Tika's magic, with the name only to tell apart formats that share
 * a container such as ZIP), never from what the client claims; which kinds the library accepts; and how a file's
 * name is stored and sent back.
 */
final class FileKinds {

    /** Tika's detector reads no further than this much of a file. */
    static final int DETECT_BYTES = 64 * 1024;

    private static final Tika TIKA = new Tika();

    /**
     * Office documents, PDF, OpenDocument, text and common images. Anything else (executables, scripts, HTML,
     * SVG, archives, macro-enabled office files) could run in a browser or on a desktop when opened.
     */
    private static final Set<String> ACCEPTED = Set.of(
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/rtf",
        "text/plain",
        "text/csv",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp");

    /** Shown inline rather than downloaded: a browser renders these without running anything in them. */
    private static final Set<String> INLINE = Set.of("application/pdf", "image/png", "image/jpeg", "image/gif",
        "image/webp");

    private FileKinds() {
    }

    /**
     * The media type of a file from its first bytes and its name; 415 when it is not one the library accepts.
     */
    static String detect(byte[] start, int length, String filename) {
        byte[] head = length == start.length ? start : java.util.Arrays.copyOf(start, length);
        String type = TIKA.detect(head, filename).toLowerCase(Locale.ROOT);
        if (!ACCEPTED.contains(type) || type.startsWith("text/") && !looksLikeText(head)) {
            throw new HubException(415, "unsupported_media_type", "The file must be a PDF, a Word, Excel, PowerPoint or "
                + "OpenDocument file, plain text, CSV or an image (PNG, JPEG, GIF or WebP); this file is " + type, "file");
        }
        return type;
    }

    /**
     * Whether bytes that Tika took for text on the strength of the name alone are text: no control characters
     * other than tab, line ends and form feed, which would mean a binary file renamed to .txt or .csv.
     */
    private static boolean looksLikeText(byte[] head) {
        for (byte b : head) {
            if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    static boolean isInline(String contentType) {
        return INLINE.contains(contentType);
    }

    /**
     * The name as stored: the last path segment only, without control, reserved or bidirectional-override
     * characters, no leading dots, at most 150 characters; "document" when nothing is left.
     */
    static String safeName(String sent) {
        String name = sent == null ? "" : Normalizer.normalize(sent, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder kept = new StringBuilder();
        name.codePoints().forEach(c -> {
            boolean refused = Character.isISOControl(c) || "<>:\"|?*".indexOf(c) >= 0
                || Character.getType(c) == Character.FORMAT;
            kept.appendCodePoint(refused ? '_' : c);
        });
        String cleaned = kept.toString().strip().replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (cleaned.codePointCount(0, cleaned.length()) > 150) {
            cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, 150));
        }
        return cleaned.isEmpty() ? "document" : cleaned;
    }

    /**
     * {@code Content-Disposition} per RFC 6266: an ASCII fallback name for old clients and the exact name as
     * UTF-8 percent-encoded {@code filename*} (RFC 5987).
     */
    static String disposition(String contentType, String filename) {
        StringBuilder ascii = new StringBuilder();
        for (char c : filename.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return (isInline(contentType) ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
            + encoded;
    }
}
