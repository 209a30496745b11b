// Scheduling a programme through the form with a readable preview, replying on the meeting page, and the
// reply counts changing live on another member's open page.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

/** The second Tuesday of the month that is {@code ahead} months from now (UTC calendar). */
function secondTuesday(ahead) {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1));
  const offset = (2 - first.getUTCDay() + 7) % 7;
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1 + offset + 7));
}

const firstMeeting = secondTuesday(1);
const secondMeeting = secondTuesday(3);
const isoDate = (d) => d.toISOString().slice(0, 10);
const readable = (d) => `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

await run('scheduling and replying to meetings', async (browser) => {
  const organiser = await register('Sched Organiser', unique);
  const member = await register('Reply Member', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Meeting network ${unique}`, slug: `meetings-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${network.id}/members`, { method: 'POST', token: organiser.token, body: { email: member.email, role: 'member' } });

  const { page } = await signIn(browser, organiser);
  await page.goto(`${baseUrl}/networks/${network.slug}/meetings/new`);
  await checkAccessibility(page, 'the scheduling form');
  await page.fill('#title', 'National leads meeting');
  await page.fill('#date-day', String(firstMeeting.getUTCDate()));
  await page.fill('#date-month', String(firstMeeting.getUTCMonth() + 1));
  await page.fill('#date-year', String(firstMeeting.getUTCFullYear()));
  await page.fill('#time', '10:00');
  await page.fill('#durationMinutes', '180');
  await page.click('#advanced summary');
  await page.fill('#rrule', 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6');
  await page.fill('#capacity', '30');
  await page.click('button:has-text("Preview the dates")');
  await page.waitForSelector('#preview');
  expect(await page.isVisible('#preview h2:has-text("every 2 months on the 2nd Tuesday, 6 times")'),
    'the preview reads the rule in words');
  expect(await page.isVisible(`#preview li:has-text("${readable(secondMeeting)}, 10am to 1pm")`),
    'the preview lists the next dates in local time');
  await checkAccessibility(page, 'the scheduling form with a preview');
  await page.fill('#rrule', 'FREQ=SOMETIMES');
  await page.click('button:has-text("Schedule meeting")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#rrule"]');
  expect(true, 'a bad repeat rule is reported against its field');
  await checkAccessibility(page, 'the scheduling form with an error');
  await page.fill('#rrule', 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6');
  await page.click('button:has-text("Schedule meeting")');
  await page.waitForSelector('h1:has-text("National leads meeting")');
  const meetingUrl = page.url();
  await page.waitForSelector('body[data-hub-live="open"]');
  await checkAccessibility(page, 'the meeting page');

  const { page: other } = await signIn(browser, member);
  await other.goto(meetingUrl);
  await other.click('[data-occurrence] >> nth=0 >> button:has-text("Going")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("Your reply has been saved")');
  expect(await other.isVisible('[data-occurrence] >> nth=0 >> text=Your reply: going'), 'the member sees their reply');

  await page.waitForFunction(() => document.querySelector('[data-occurrence] [data-count="yes"]').textContent === '1',
    null, { timeout: 2000 });
  expect(true, "the organiser's open page shows the new reply without reload");

  await page.click('[data-occurrence] >> nth=0 >> a:has-text("Register and representation")');
  await page.waitForSelector('h1:has-text("Register: National leads meeting")');
  await checkAccessibility(page, 'the register page');
  // The date is still to come, so the register says when marking opens instead of offering marks
  // (attendance.mjs marks a date that has happened).
  expect(await page.isVisible('p:has-text("This date has not happened yet")'), 'the register says when marking opens');
  expect((await page.$$('select[name^="mark-"]')).length === 0, 'no attendance can be marked before the date');

  await page.goto(`${baseUrl}/networks/${network.slug}/attendance?from=${isoDate(firstMeeting)}&to=${isoDate(secondTuesday(13))}`);
  await checkAccessibility(page, 'the attendance report');
  // the charts above the table hold the same names in their own tables, folded behind details elements
  expect(await page.isVisible(`[aria-label="Attendance table"] th:has-text("Meeting network ${unique}")`), 'the report lists the network');

  await page.goto(`${baseUrl}/networks/${network.slug}`);
  expect(await page.isVisible('a:has-text("National leads meeting")'), 'the network page lists the upcoming meeting');
  await page.goto(`${baseUrl}/networks/${network.slug}/meetings`);
  await checkAccessibility(page, 'the meetings list');
});
