package uk.nhs.hub.meeting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The repeat builder and its reader, table-driven: plain choices in, the RRULE out, and back again. */
class RepeatRuleTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Set<DayOfWeek> NONE = Set.of();

    private static RepeatRule every(String frequency, int interval) {
        return new RepeatRule(frequency, interval, NONE, null, null, null, null, null);
    }

    static Stream<Arguments> choices() {
        return Stream.of(
            Arguments.of("every 2 months on the second Tuesday",
                new RepeatRule("MONTHLY", 2, NONE, null, 2, TUESDAY, null, null), "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"),
            Arguments.of("every month on the last Friday, 6 times",
                new RepeatRule("MONTHLY", 1, NONE, null, -1, FRIDAY, 6, null), "FREQ=MONTHLY;BYDAY=-1FR;COUNT=6"),
            Arguments.of("every 3 months on day 15",
                new RepeatRule("MONTHLY", 3, NONE, 15, null, null, null, null), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"),
            Arguments.of("every week on Monday and Wednesday, listed in week order",
                new RepeatRule("WEEKLY", 1, EnumSet.of(WEDNESDAY, MONDAY), null, null, null, null, null),
                "FREQ=WEEKLY;BYDAY=MO,WE"),
            Arguments.of("every 2 weeks on the first meeting's day", every("WEEKLY", 2), "FREQ=WEEKLY;INTERVAL=2"),
            Arguments.of("every day, 10 times", new RepeatRule("DAILY", 1, NONE, null, null, null, 10, null),
                "FREQ=DAILY;COUNT=10"),
            Arguments.of("every year", every("YEARLY", 1), "FREQ=YEARLY"),
            Arguments.of("every month until 31 December 2027 (GMT: the end of that day is 23:59:59Z)",
                new RepeatRule("MONTHLY", 1, NONE, null, null, null, null, LocalDate.of(2027, 12, 31)),
                "FREQ=MONTHLY;UNTIL=20271231T235959Z"),
            Arguments.of("every week until 30 June 2027 (BST: the end of that day is 22:59:59Z)",
                new RepeatRule("WEEKLY", 1, NONE, null, null, null, null, LocalDate.of(2027, 6, 30)),
                "FREQ=WEEKLY;UNTIL=20270630T225959Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void plainChoicesBuildTheRruleAndTheRruleReadsBackIntoTheSameChoices(String name, RepeatRule rule, String rrule) {
        assertEquals(rrule, rule.toRrule(LONDON));
        assertEquals(Optional.of(rule), RepeatRule.parse(rrule, LONDON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "FREQ=YEARLY;BYMONTH=1,7", "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "FREQ=WEEKLY;BYDAY=1MO", "FREQ=MONTHLY;BYDAY=5TU", "FREQ=MONTHLY;BYDAY=MO", "FREQ=DAILY;BYHOUR=9",
        "FREQ=HOURLY", "FREQ=MONTHLY;COUNT=2;UNTIL=20271231T235959Z", "FREQ=MONTHLY;FREQ=WEEKLY", "NOT A RULE", ""})
    void rulesThePlainChoicesCannotSayAreLeftForTheAdvancedField(String rrule) {
        assertEquals(Optional.empty(), RepeatRule.parse(rrule, LONDON));
    }

    @Test
    void rulesAsIcal4jWritesThemBackReadIntoPlainChoices() {
        Recurrence stored = Recurrence.of(LocalDateTime.of(2027, 1, 12, 10, 0), "Europe/London",
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6");
        assertEquals(Optional.of(new RepeatRule("MONTHLY", 2, NONE, null, 2, TUESDAY, 6, null)),
            RepeatRule.parse(stored.rrule(), LONDON));
    }

    @Test
    void aFirstDateOffTheRuleIsNamedWithWhatItShouldBe() {
        RepeatRule secondTuesday = new RepeatRule("MONTHLY", 2, NONE, null, 2, TUESDAY, null, null);
        Recurrence offRule = Recurrence.of(LocalDateTime.of(2027, 1, 4, 10, 0), "Europe/London", secondTuesday.toRrule(LONDON));
        assertEquals(Optional.of("Your first meeting, Monday 4 January 2027, is not the second Tuesday of its month; "
                + "choose a first date that is, or change how it repeats"),
            ScheduleForm.firstDateMismatch(offRule, Optional.of(secondTuesday)));
        Recurrence onRule = Recurrence.of(LocalDateTime.of(2027, 1, 12, 10, 0), "Europe/London", secondTuesday.toRrule(LONDON));
        assertEquals(Optional.empty(), ScheduleForm.firstDateMismatch(onRule, Optional.of(secondTuesday)));

        Recurrence weekly = Recurrence.of(LocalDateTime.of(2027, 1, 5, 10, 0), "Europe/London", "FREQ=WEEKLY;BYDAY=MO,WE");
        assertTrue(ScheduleForm.firstDateMismatch(weekly, RepeatRule.parse("FREQ=WEEKLY;BYDAY=MO,WE", LONDON)).orElseThrow()
            .contains("Tuesday 5 January 2027, is not a Monday or Wednesday"));
        Recurrence advanced = Recurrence.of(LocalDateTime.of(2027, 1, 5, 10, 0), "Europe/London", "FREQ=YEARLY;BYMONTH=3");
        assertTrue(ScheduleForm.firstDateMismatch(advanced, Optional.empty()).orElseThrow()
            .contains("is not one of the dates the repeat rule gives"));
        assertEquals(Optional.empty(), ScheduleForm.firstDateMismatch(
            Recurrence.of(LocalDateTime.of(2027, 1, 5, 10, 0), "Europe/London", "FREQ=MONTHLY;COUNT=3"), Optional.empty()));
    }

    @Test
    void startTimesAreReadAsPeopleWriteThem() {
        Map<String, LocalTime> accepted = new LinkedHashMap<>();
        accepted.put("10:00", LocalTime.of(10, 0));
        accepted.put("9.30", LocalTime.of(9, 30));
        accepted.put("14:15", LocalTime.of(14, 15));
        accepted.put("2pm", LocalTime.of(14, 0));
        accepted.put("2:30 pm", LocalTime.of(14, 30));
        accepted.put("12am", LocalTime.MIDNIGHT);
        accepted.put("12pm", LocalTime.NOON);
        accepted.put("11 a.m.", LocalTime.of(11, 0));
        accepted.put("midday", LocalTime.NOON);
        accepted.put("midnight", LocalTime.MIDNIGHT);
        accepted.put("", LocalTime.of(10, 0));
        accepted.forEach((text, time) -> assertEquals(time, ScheduleForm.time(text, new HashMap<>()), text));
        for (String wrong : new String[]{"25:00", "10:60", "13pm", "0am", "10", "ten", "10:00:00:00"}) {
            Map<String, String> errors = new HashMap<>();
            assertNull(ScheduleForm.time(wrong, errors), wrong);
            assertEquals("Enter a start time like 10am, 2pm or 9:30am", errors.get("time"), wrong);
        }
    }

    @Test
    void theDateInputRefusesDatesThatDoNotExistOnTheDateField() {
        Map<String, String> errors = new HashMap<>();
        assertNull(ScheduleForm.date(Map.of("date-day", "31", "date-month", "2", "date-year", "2027"), "date",
            "the first meeting", errors));
        assertEquals("The date of the first meeting must be a real date, like 12 1 2027", errors.get("date"));
        errors.clear();
        assertNull(ScheduleForm.date(Map.of("date-day", "12", "date-month", "", "date-year", ""), "date",
            "the first meeting", errors));
        assertEquals("The date of the first meeting must include a month and year", errors.get("date"));
        errors.clear();
        assertNull(ScheduleForm.date(Map.of("date-day", "12", "date-month", "1", "date-year", "27"), "date",
            "the first meeting", errors));
        assertEquals("The year of the first meeting must be 4 numbers, like 2027", errors.get("date"));
        assertEquals(LocalDate.of(2027, 1, 12), ScheduleForm.date(Map.of("date-day", "12", "date-month", "01",
            "date-year", "2027"), "date", "the first meeting", new HashMap<>()));
    }

    @Test
    void theTimeZoneListStartsWithLondonAndKeepsAnUnlistedZoneTheMeetingAlreadyHas() {
        var zones = ScheduleForm.zones("Europe/London");
        assertEquals("Europe/London", zones.get(0).get("value"));
        assertEquals(1, zones.stream().filter(zone -> zone.get("value").equals("Europe/London")).count());
        assertTrue(zones.stream().anyMatch(zone -> zone.get("value").equals("America/New_York")));
        assertTrue(zones.stream().noneMatch(zone -> zone.get("value").startsWith("Etc/")));
        assertEquals("Etc/GMT+5", ScheduleForm.zones("Etc/GMT+5").get(1).get("value"));
    }
}
