package uk.nhs.hub.meeting;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Folds iCalendar content lines at 75 octets of UTF-8, as RFC 5545 (3.1) requires, by inserting CRLF and a space;
 * a character is never split across lines. ical4j's own folding counts Java characters, so a line of accented
 * or non-Latin text would still be longer than 75 octets.
 */
final class IcsFolding extends FilterWriter {

    static final int MAX_OCTETS = 75;

    private int octets;
    private char pendingHigh;

    IcsFolding(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        char ch = (char) c;
        if (Character.isHighSurrogate(ch)) {
            pendingHigh = ch;
            return;
        }
        if (ch == '\r' || ch == '\n') {
            octets = 0;
            out.write(ch);
            return;
        }
        int length = Character.isLowSurrogate(ch) && pendingHigh != 0 ? 4 : ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
        if (octets + length > MAX_OCTETS) {
            out.write("\r\n ");
            octets = 1;
        }
        if (length == 4) {
            out.write(pendingHigh);
            pendingHigh = 0;
        }
        out.write(ch);
        octets += length;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(chars[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(text.charAt(i));
        }
    }
}
