package uk.nhs.hub.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DateTimeWordsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "14:00 | 2pm",
        "10:30 | 10:30am",
        "12:00 | midday",
        "00:00 | midnight",
        "12:30 | 12:30pm",
        "00:15 | 12:15am",
        "09:05 | 9:05am",
        "23:59 | 11:59pm",
    })
    void timesAreWrittenAsPeopleSayThem(String time, String words) {
        assertEquals(words, DateTimeWords.time(LocalTime.parse(time)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "2026-12-18 | 18 December 2026",
        "2027-09-01 | 1 September 2027",
        "2027-06-30 | 30 June 2027",
    })
    void datesSpellTheMonthInFull(String date, String words) {
        assertEquals(words, DateTimeWords.date(LocalDate.parse(date)));
    }

    @ParameterizedTest(name = "{0} to {1} in {2}, read in {3}: {4}")
    @CsvSource(delimiter = '|', value = {
        // the usual case: a UK meeting read in the UK names no zone
        "2027-01-12T14:00 | 2027-01-12T16:00 | Europe/London | Europe/London | Tuesday 12 January 2027, 2pm to 4pm",
        "2027-01-12T10:00 | 2027-01-12T12:00 | Europe/London | Europe/London | Tuesday 12 January 2027, 10am to midday",
        "2027-07-13T10:30 | 2027-07-13T13:00 | Europe/London | Europe/London | Tuesday 13 July 2027, 10:30am to 1pm",
        // both clock changes of 2027 (28 March, 31 October), inside one meeting
        "2027-03-28T00:00 | 2027-03-28T03:00 | Europe/London | Europe/London | Sunday 28 March 2027, midnight to 3am",
        "2027-10-31T00:30 | 2027-10-31T02:30 | Europe/London | Europe/London | Sunday 31 October 2027, 12:30am to 2:30am",
        // a UK meeting read elsewhere names GMT or BST, at each end when the clocks change between them
        "2027-01-12T14:00 | 2027-01-12T16:00 | Europe/London | Europe/Paris  | Tuesday 12 January 2027, 2pm to 4pm GMT",
        "2027-07-13T14:00 | 2027-07-13T16:00 | Europe/London | Europe/Paris  | Tuesday 13 July 2027, 2pm to 4pm BST",
        "2027-03-28T00:00 | 2027-03-28T03:00 | Europe/London | Europe/Paris  | Sunday 28 March 2027, midnight GMT to 3am BST",
        "2027-10-31T00:30 | 2027-10-31T02:30 | Europe/London | Europe/Paris  | Sunday 31 October 2027, 12:30am BST to 2:30am GMT",
        // meetings held in other zones and read in the UK
        "2027-01-12T09:00 | 2027-01-12T10:00 | Europe/Paris  | Europe/London | Tuesday 12 January 2027, 9am to 10am CET",
        "2027-01-12T09:00 | 2027-01-12T10:00 | America/New_York | Europe/London | Tuesday 12 January 2027, 9am to 10am EST",
        "2027-01-12T09:00 | 2027-01-12T10:00 | Asia/Dubai    | Europe/London | Tuesday 12 January 2027, 9am to 10am GST",
        "2027-01-12T09:00 | 2027-01-12T10:00 | America/Sao_Paulo | Europe/London | Tuesday 12 January 2027, 9am to 10am BRT",
        // ranges across days are written in full
        "2027-01-12T22:00 | 2027-01-13T02:00 | Europe/London | Europe/London | Tuesday 12 January 2027, 10pm to Wednesday 13 January 2027, 2am",
        "2027-01-12T09:00 | 2027-01-14T17:00 | Europe/London | Europe/London | Tuesday 12 January 2027, 9am to Thursday 14 January 2027, 5pm",
    })
    void rangesNameTheDayOnceAndTheZoneOnlyWhenItIsNotTheReaders(String start, String end, String zone, String reader,
                                                                  String words) {
        ZoneId meetingZone = ZoneId.of(zone);
        assertEquals(words, DateTimeWords.range(LocalDateTime.parse(start).atZone(meetingZone),
            LocalDateTime.parse(end).atZone(meetingZone), ZoneId.of(reader)));
    }

    @Test
    void theUkZoneIsNeverCalledBt() {
        ZonedDateTime winter = ZonedDateTime.of(2027, 1, 12, 14, 0, 0, 0, ZoneId.of("Europe/London"));
        assertEquals("GMT", DateTimeWords.zoneName(winter));
        assertEquals("BST", DateTimeWords.zoneName(winter.withMonth(7)));
    }

    @Test
    void aZoneWithoutAnAbbreviationIsNamedByItsId() {
        ZonedDateTime at = ZonedDateTime.of(2027, 1, 12, 14, 0, 0, 0, ZoneId.of("Etc/GMT+5"));
        assertEquals("Etc/GMT+5", DateTimeWords.zoneName(at));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "2026-12-18T14:15:00Z      | 18 December 2026 at 2:15pm",
        "2027-07-13T11:00:00Z      | 13 July 2027 at midday",
        "2027-07-13T23:30:00Z      | 14 July 2027 at 12:30am",
        "2027-03-28T00:59:00Z      | 28 March 2027 at 12:59am",
        "2027-03-28T01:00:00Z      | 28 March 2027 at 2am",
        "2027-10-31T00:59:00Z      | 31 October 2027 at 1:59am",
        "2027-10-31T01:00:00Z      | 31 October 2027 at 1am",
        "2027-01-12T10:00:00+01:00 | 12 January 2027 at 9am",
    })
    void timestampsAreInTheUkAcrossClockChanges(String iso, String words) {
        assertEquals(words, DateTimeWords.timestamp(iso));
        assertEquals(words, DateTimeWords.timestamp(Instant.parse(java.time.OffsetDateTime.parse(iso).toInstant().toString())));
    }

    @Test
    void aMomentNamesItsZoneOnlyForReadersElsewhere() {
        ZonedDateTime at = ZonedDateTime.of(2027, 7, 13, 12, 0, 0, 0, ZoneId.of("Europe/London"));
        assertEquals("Tuesday 13 July 2027, midday", DateTimeWords.moment(at, DateTimeWords.READER));
        assertEquals("Tuesday 13 July 2027, midday BST", DateTimeWords.moment(at, ZoneId.of("America/New_York")));
    }
}
