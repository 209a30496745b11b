package uk.nhs.hub.network;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import uk.nhs.hub.platform.CsvCells;
import uk.nhs.hub.platform.ControlCharacters;
import uk.nhs.hub.platform.HubException;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The member CSV format, shared by import and export so that an export can be edited and imported again:
 * {@code email, display name, organisation, role title, role, network} with a header row (column order free,
 * names case-insensitive; {@code network} is a network's web address and may be left out).
 */
final class MemberCsv {

    static final String EMAIL = "email";
    static final String DISPLAY_NAME = "display name";
    static final String ORGANISATION = "organisation";
    static final String ROLE_TITLE = "role title";
    static final String ROLE = "role";
    static final String NETWORK = "network";
    private static final List<String> EXPORT_COLUMNS = List.of(EMAIL, DISPLAY_NAME, ORGANISATION, ROLE_TITLE, ROLE,
        NETWORK, "job title", "joined");
    private static final Set<String> IMPORT_COLUMNS = Set.of(EMAIL, DISPLAY_NAME, ORGANISATION, ROLE_TITLE, ROLE, NETWORK);
    static final int MAX_ROWS = 5_000;

    /** One data row as written, with its line number in the file (the header is line 1). */
    record Row(long line, Map<String, String> values) {
        String get(String column) {
            String value = values.get(column);
            return value == null ? "" : value.trim();
        }
    }

    private MemberCsv() {
    }

    /** The text rule for every cell, applied before parsing because the parser trims control characters away. */
    private static void refuseControlCharacters(String content) {
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (ControlCharacters.isRefused(lines[i])) {
                throw HubException.invalid("csv", "Line " + (i + 1) + " contains a control character; remove it and try again");
            }
        }
    }

    /** Parses the file; 400 for a file that is not CSV, lacks the email column or names unknown columns. */
    static List<Row> parse(String text) {
        if (text == null || text.isBlank()) {
            throw HubException.invalid("csv", "The file is empty. Include a header row and one row per member.");
        }
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        refuseControlCharacters(content);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(content), format)) {
            Map<String, String> columns = new HashMap<>();
            for (String header : parser.getHeaderNames()) {
                String column = header.trim().toLowerCase(Locale.ROOT).replace('_', ' ');
                if (!IMPORT_COLUMNS.contains(column)) {
                    throw HubException.invalid("csv", "Unknown column '" + header
                        + "'. Use email, display name, organisation, role title, role and network.");
                }
                columns.put(header, column);
            }
            if (!columns.containsValue(EMAIL)) {
                throw HubException.invalid("csv", "The header row must include an email column");
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (rows.size() == MAX_ROWS) {
                    throw HubException.invalid("csv", "Import at most " + MAX_ROWS + " rows at a time");
                }
                Map<String, String> values = new HashMap<>();
                record.toMap().forEach((header, value) -> values.put(columns.get(header), value));
                rows.add(new Row(parser.getCurrentLineNumber(), values));
            }
            if (rows.isEmpty()) {
                throw HubException.invalid("csv", "The file has a header row but no members");
            }
            return rows;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw HubException.invalid("csv", "The file is not valid CSV: " + e.getMessage());
        }
    }

    /** The directory as CSV, in the import format plus job title and joining date. */
    static String format(String networkSlug, List<Member> members) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(EXPORT_COLUMNS.toArray(new String[0])).setRecordSeparator("\r\n").get())) {
            for (Member member : members) {
                printer.printRecord(CsvCells.safe(member.email()), CsvCells.safe(member.displayName()),
                    CsvCells.safe(member.organisation()), CsvCells.safe(member.roleTitle()), member.role().wire(), networkSlug,
                    CsvCells.safe(member.jobTitle()),
                    member.joinedAt().toLocalDate().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
