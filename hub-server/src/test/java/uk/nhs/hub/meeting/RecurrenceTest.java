package uk.nhs.hub.meeting;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.platform.HubException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expansion checked against RFC 5545's worked examples (section 3.8.5.3) and the cases meetings meet. */
class RecurrenceTest {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");
    private static final Instant FROM = Instant.parse("1990-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2031-01-01T00:00:00Z");

    private static List<String> expand(String start, String zone, String rrule, int limit) {
        Recurrence recurrence = Recurrence.of(LocalDateTime.parse(start, LOCAL), zone, rrule);
        return recurrence.between(FROM, TO).stream().limit(limit).map(d -> d.format(LOCAL)).toList();
    }

    private static List<String> dates(String... values) {
        return Arrays.asList(values);
    }

    /** RFC 5545 examples, all with DTSTART;TZID=America/New_York:19970902T090000 unless stated. */
    static Stream<Arguments> rfc5545Examples() {
        return Stream.of(
            Arguments.of("Daily for 10 occurrences", "19970902T0900", "FREQ=DAILY;COUNT=10", 100,
                dates("19970902T0900", "19970903T0900", "19970904T0900", "19970905T0900", "19970906T0900",
                    "19970907T0900", "19970908T0900", "19970909T0900", "19970910T0900", "19970911T0900")),
            Arguments.of("Daily until December 24, 1997 (first and last)", "19970902T0900",
                "FREQ=DAILY;UNTIL=19971224T000000Z", 1000, null),
            Arguments.of("Every other day, forever (first five)", "19970902T0900", "FREQ=DAILY;INTERVAL=2", 5,
                dates("19970902T0900", "19970904T0900", "19970906T0900", "19970908T0900", "19970910T0900")),
            Arguments.of("Every 10 days, 5 occurrences", "19970902T0900", "FREQ=DAILY;INTERVAL=10;COUNT=5", 100,
                dates("19970902T0900", "19970912T0900", "19970922T0900", "19971002T0900", "19971012T0900")),
            Arguments.of("Weekly for 10 occurrences", "19970902T0900", "FREQ=WEEKLY;COUNT=10", 100,
                dates("19970902T0900", "19970909T0900", "19970916T0900", "19970923T0900", "19970930T0900",
                    "19971007T0900", "19971014T0900", "19971021T0900", "19971028T0900", "19971104T0900")),
            Arguments.of("Weekly on Tuesday and Thursday for five weeks", "19970902T0900",
                "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", 100,
                dates("19970902T0900", "19970904T0900", "19970909T0900", "19970911T0900", "19970916T0900",
                    "19970918T0900", "19970923T0900", "19970925T0900", "19970930T0900", "19971002T0900")),
            Arguments.of("Monthly on the first Friday for 10 occurrences", "19970905T0900",
                "FREQ=MONTHLY;COUNT=10;BYDAY=1FR", 100,
                dates("19970905T0900", "19971003T0900", "19971107T0900", "19971205T0900", "19980102T0900",
                    "19980206T0900", "19980306T0900", "19980403T0900", "19980501T0900", "19980605T0900")),
            Arguments.of("Every other month on the first and last Sunday for 10 occurrences", "19970907T0900",
                "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", 100,
                dates("19970907T0900", "19970928T0900", "19971102T0900", "19971130T0900", "19980104T0900",
                    "19980125T0900", "19980301T0900", "19980329T0900", "19980503T0900", "19980531T0900")),
            Arguments.of("Monthly on the second-to-last Monday for 6 months", "19970922T0900",
                "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", 100,
                dates("19970922T0900", "19971020T0900", "19971117T0900", "19971222T0900", "19980119T0900",
                    "19980216T0900")),
            Arguments.of("Monthly on the 2nd and 15th for 10 occurrences", "19970902T0900",
                "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", 100,
                dates("19970902T0900", "19970915T0900", "19971002T0900", "19971015T0900", "19971102T0900",
                    "19971115T0900", "19971202T0900", "19971215T0900", "19980102T0900", "19980115T0900")),
            Arguments.of("Yearly in June and July for 10 occurrences", "19970610T0900",
                "FREQ=YEARLY;COUNT=10;BYMONTH=6,7", 100,
                dates("19970610T0900", "19970710T0900", "19980610T0900", "19980710T0900", "19990610T0900",
                    "19990710T0900", "20000610T0900", "20000710T0900", "20010610T0900", "20010710T0900")),
            Arguments.of("Every Friday the 13th, 5 occurrences (DTSTART excluded by EXDATE in the RFC)", "19980213T0900",
                "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=5", 100,
                dates("19980213T0900", "19980313T0900", "19981113T0900", "19990813T0900", "20001013T0900")),
            Arguments.of("The 3rd instance of Tuesday, Wednesday or Thursday, for 3 months", "19970904T0900",
                "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", 100,
                dates("19970904T0900", "19971007T0900", "19971106T0900")),
            Arguments.of("Yearly in March on Thursdays (first four)", "19970313T0900",
                "FREQ=YEARLY;BYMONTH=3;BYDAY=TH", 4, dates("19970313T0900", "19970320T0900", "19970327T0900",
                    "19980305T0900")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5545Examples")
    void expandsTheWorkedExamplesOfRfc5545(String name, String start, String rrule, int limit, List<String> expected) {
        List<String> actual = expand(start, "America/New_York", rrule, limit);
        if (expected == null) {
            assertEquals(113, actual.size(), "RFC: daily from 2 September to 23 December 1997");
            assertEquals("19970902T0900", actual.get(0));
            assertEquals("19971223T0900", actual.get(actual.size() - 1));
        } else {
            assertEquals(expected, actual);
        }
    }

    @Test
    void tenOClockStaysTenOClockLocalAcrossBothDaylightSavingChanges() {
        Recurrence monthly = Recurrence.of(LocalDateTime.parse("2027-01-12T10:00"), "Europe/London",
            "FREQ=MONTHLY;INTERVAL=2;COUNT=6");
        List<ZonedDateTime> starts = monthly.between(FROM, TO);

        assertEquals(List.of("2027-01-12T10:00:00Z", "2027-03-12T10:00:00Z", "2027-05-12T09:00:00Z",
                "2027-07-12T09:00:00Z", "2027-09-12T09:00:00Z", "2027-11-12T10:00:00Z"),
            starts.stream().map(d -> d.toInstant().toString()).toList());
        starts.forEach(start -> assertEquals(10, start.getHour(), "10:00 local"));
        assertEquals("+01:00", starts.get(2).getOffset().toString(), "May is in BST");
    }

    @Test
    void aWeeklyMeetingKeepsItsLocalTimeOverTheAutumnChange() {
        List<ZonedDateTime> starts = Recurrence.of(LocalDateTime.parse("2027-10-19T09:30"), "Europe/London",
            "FREQ=WEEKLY;COUNT=3").between(FROM, TO);
        assertEquals(List.of("2027-10-19T08:30:00Z", "2027-10-26T08:30:00Z", "2027-11-02T09:30:00Z"),
            starts.stream().map(d -> d.toInstant().toString()).toList());
    }

    @Test
    void monthsWithoutA31stAreSkippedNotMoved() {
        List<String> starts = expand("20270131T1000", "Europe/London", "FREQ=MONTHLY;COUNT=4", 10);
        assertEquals(dates("20270131T1000", "20270331T1000", "20270531T1000", "20270731T1000"), starts);
    }

    @Test
    void aLeapDayMeetingRecursOnlyInLeapYears() {
        List<String> starts = Recurrence.of(LocalDateTime.parse("2028-02-29T10:00"), "Europe/London", "FREQ=YEARLY;COUNT=3")
            .between(FROM, Instant.parse("2040-01-01T00:00:00Z")).stream().map(d -> d.format(LOCAL)).toList();
        assertEquals(dates("20280229T1000", "20320229T1000", "20360229T1000"), starts,
            "RFC 5545: invalid dates such as 29 February 2029 are ignored and not counted");
    }

    @Test
    void untilIsInclusiveAndCountIsExact() {
        assertEquals(dates("20270112T1000", "20270712T1000"),
            expand("20270112T1000", "Europe/London", "FREQ=MONTHLY;INTERVAL=6;UNTIL=20270712T090000Z", 10));
        assertEquals(6, expand("20270112T1000", "Europe/London", "FREQ=MONTHLY;INTERVAL=2;COUNT=6", 100).size());
        assertEquals(dates("20270112T1000", "20270209T1000", "20270309T1000"),
            expand("20270112T1000", "Europe/London", "FREQ=MONTHLY;BYDAY=2TU;COUNT=3", 10));
    }

    @Test
    void aWindowReturnsOnlyTheOccurrencesThatStartInIt() {
        Recurrence weekly = Recurrence.of(LocalDateTime.parse("2027-01-05T10:00"), "Europe/London", "FREQ=WEEKLY");
        List<ZonedDateTime> february = weekly.between(Instant.parse("2027-02-01T00:00:00Z"),
            Instant.parse("2027-03-01T00:00:00Z"));
        assertEquals(List.of(2, 9, 16, 23), february.stream().map(ZonedDateTime::getDayOfMonth).toList());
    }

    @Test
    void badRulesAndZonesAreRefusedByName() {
        assertEquals("rrule", assertThrows(HubException.class,
            () -> Recurrence.of(LocalDateTime.parse("2027-01-12T10:00"), "Europe/London", "FREQ=SOMETIMES")).field().orElse(null));
        assertEquals("rrule", assertThrows(HubException.class,
            () -> Recurrence.of(LocalDateTime.parse("2027-01-12T10:00"), "Europe/London", "FREQ=HOURLY;COUNT=3")).field().orElse(null));
        assertEquals("timeZone", assertThrows(HubException.class,
            () -> Recurrence.of(LocalDateTime.parse("2027-01-12T10:00"), "Mars/Olympus", null)).field().orElse(null));
        assertEquals("timeZone", assertThrows(HubException.class,
            () -> Recurrence.of(LocalDateTime.parse("2027-01-12T10:00"), "+01:00", null)).field().orElse(null));
    }

    @ParameterizedTest(name = "{0} reads \"{1}\"")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6   | every 2 months on the 2nd Tuesday, 6 times",
        "FREQ=MONTHLY;INTERVAL=6;UNTIL=20281231T235959Z | every 6 months, until 31 December 2028",
        "FREQ=WEEKLY;BYDAY=TU,TH                      | every week on the Tuesday and the Thursday",
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=1               | every month on the last Friday, 1 time",
        "FREQ=MONTHLY;BYMONTHDAY=2,15                  | every month on the 2nd and the 15th",
        "FREQ=YEARLY;BYMONTH=6,7                       | every year in June and July",
        "FREQ=DAILY;INTERVAL=3;COUNT=11                | every 3 days, 11 times",
    })
    void describesTheScheduleInWords(String rrule, String words) {
        assertEquals(words, Recurrence.of(LocalDateTime.parse("2027-01-12T10:00"), "Europe/London", rrule).describe());
        assertEquals("once", Recurrence.of(LocalDateTime.parse("2027-01-12T10:00"), "Europe/London", null).describe());
    }
}
