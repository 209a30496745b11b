package uk.nhs.hub.platform;

/** Values written to CSV files people open in spreadsheets. */
public final class CsvCells {

    private CsvCells() {
    }

    /** Text a spreadsheet would take for a formula is prefixed with an apostrophe (CSV injection). */
    public static String safe(String value) {
        if (value == null) {
            return "";
        }
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
