/**
 * Meetings of networks: one-off or recurring schedules in an IANA time zone (RFC 5545 RRULE expanded by ical4j),
 * changes to single occurrences (cancel, move, theme), and calendars in iCalendar form.
 */
package uk.nhs.hub.meeting;
