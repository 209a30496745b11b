// Reads an iCalendar file with ical.js (an implementation independent of the hub's ical4j) and prints, as JSON,
// every occurrence of every event that starts in [from, to) and every EXDATE, all as UTC instants, so a test can
// compare them with the occurrences API. Usage: node calendar-tests/occurrences.mjs FILE FROM TO
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const [file, fromText, toText] = process.argv.slice(2);
const from = Date.parse(fromText);
const to = Date.parse(toText);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
for (const zone of calendar.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(zone);
}

const utc = (time) => time.toJSDate().toISOString();
const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
const masters = events.filter((event) => !event.isRecurrenceException());
for (const exception of events.filter((event) => event.isRecurrenceException())) {
  const master = masters.find((event) => event.uid === exception.uid);
  if (!master) {
    throw new Error(`RECURRENCE-ID without its series: ${exception.uid}`);
  }
  master.relateException(exception);
}

const occurrences = [];
const excluded = [];
for (const master of masters) {
  for (const property of master.component.getAllProperties('exdate')) {
    for (const value of property.getValues()) {
      excluded.push({ uid: master.uid, originalStart: utc(value) });
    }
  }
  const iterator = master.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = master.getOccurrenceDetails(next);
    const originalStart = details.recurrenceId.toJSDate().getTime();
    const start = details.startDate.toJSDate().getTime();
    if (originalStart >= to && start >= to) {
      break;
    }
    if (start >= from && start < to) {
      occurrences.push({
        uid: master.uid,
        originalStart: utc(details.recurrenceId),
        start: utc(details.startDate),
        end: utc(details.endDate),
        summary: details.item.summary,
        location: details.item.location,
      });
    }
    if (!master.isRecurring()) {
      break;
    }
  }
}
process.stdout.write(JSON.stringify({ occurrences, excluded }));
