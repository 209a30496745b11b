package uk.nhs.hub.platform;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the NHS.UK date input: three fields named {@code name-day}, {@code name-month} and {@code name-year}.
 * When all three are absent it reads one ISO field of the plain name instead, as forms sent before the date input
 * and as scripts still may. Problems are worded the NHS.UK way ("… must include a month and year", "… must be a
 * real date") about the thing the date is of, and noted against the plain name so the error summary links to
 * the first of the three fields.
 */
public final class DateInput {

    private DateInput() {
    }

    /** Whether any of the named date input's three fields was filled in. */
    public static boolean typed(Function<String, String> field, String name) {
        return !(field.apply(name + "-day").isEmpty() && field.apply(name + "-month").isEmpty()
            && field.apply(name + "-year").isEmpty());
    }

    /**
     * The date typed into the named date input, or null when none was given or it was not a date (a problem is
     * then noted in {@code errors}, unless nothing was given and {@code missing} is null, for an optional date).
     *
     * @param field   a form field's value by name, "" when absent
     * @param subject what the date is, as a sentence starts it: "The date of the first meeting", "The deadline"
     * @param yearOf  what the year belongs to, as a sentence starts it: "The year of the first meeting"
     * @param missing the message when nothing was given, or null when the date is optional
     */
    public static LocalDate read(Function<String, String> field, String name, String subject, String yearOf,
            String missing, Map<String, String> errors) {
        String day = field.apply(name + "-day");
        String month = field.apply(name + "-month");
        String year = field.apply(name + "-year");
        String realDate = subject + " must be a real date, like 12 1 2027";
        if (!typed(field, name)) {
            String iso = field.apply(name);
            if (iso.isEmpty()) {
                if (missing != null) {
                    errors.put(name, missing);
                }
                return null;
            }
            try {
                return LocalDate.parse(iso);
            } catch (DateTimeException e) {
                errors.put(name, realDate);
                return null;
            }
        }
        List<String> absent = new ArrayList<>();
        if (day.isEmpty()) {
            absent.add("day");
        }
        if (month.isEmpty()) {
            absent.add("month");
        }
        if (year.isEmpty()) {
            absent.add("year");
        }
        if (!absent.isEmpty()) {
            errors.put(name, subject + " must include a " + String.join(" and ", absent));
            return null;
        }
        try {
            int y = Integer.parseInt(year);
            if (year.length() != 4) {
                errors.put(name, yearOf + " must be 4 numbers, like 2027");
                return null;
            }
            return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
        } catch (NumberFormatException | DateTimeException e) {
            errors.put(name, realDate);
            return null;
        }
    }
}
