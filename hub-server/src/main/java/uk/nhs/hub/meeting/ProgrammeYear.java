package uk.nhs.hub.meeting;

import uk.nhs.hub.platform.DateTimeWords;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;

/**
 * A programme year, which runs like an NHS financial year from 1 April to 31 March, in UK time: networks plan
 * and report their programmes against the same year as their budgets.
 *
 * @param firstYear the calendar year in which it starts (2026 for April 2026 to March 2027)
 */
record ProgrammeYear(int firstYear) {

    /** The programme year that includes this instant. */
    static ProgrammeYear of(Instant at) {
        LocalDate day = at.atZone(DateTimeWords.READER).toLocalDate();
        return new ProgrammeYear(day.getMonthValue() >= Month.APRIL.getValue() ? day.getYear() : day.getYear() - 1);
    }

    Instant start() {
        return LocalDate.of(firstYear, Month.APRIL, 1).atStartOfDay(DateTimeWords.READER).toInstant();
    }

    /** The first instant after it. */
    Instant end() {
        return next().start();
    }

    ProgrammeYear next() {
        return new ProgrammeYear(firstYear + 1);
    }

    /** "April 2026 to March 2027". */
    String words() {
        return "April " + firstYear + " to March " + (firstYear + 1);
    }

    /** "2026-27", as in file names. */
    String shortName() {
        return firstYear + "-" + String.format("%02d", (firstYear + 1) % 100);
    }
}
