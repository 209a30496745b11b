// One date of a meeting from its page: the organiser writes the agenda, sets up workshops and holds the date
// somewhere else; a member chooses a workshop and nominates a guest, whom the organiser approves. Then the
// month calendar, the invitees page and the meeting's edit form, each checked with axe.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

/** The first of the month {@code ahead} months from now, as YYYY-MM (UTC calendar). */
function monthAhead(ahead) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1)).toISOString().slice(0, 7);
}

await run('agenda, workshops, guests and the month calendar', async (browser) => {
  const organiser = await register('Occ Organiser', unique);
  const member = await register('Occ Member', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Occurrence network ${unique}`, slug: `occurrences-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${network.id}/members`, { method: 'POST', token: organiser.token, body: { email: member.email, role: 'member' } });
  const month = monthAhead(2);
  const meeting = await api(`/api/networks/${network.id}/meetings`, {
    method: 'POST', token: organiser.token,
    body: { title: 'Prison health conference', start: `${month}-15T09:30`, timeZone: 'Europe/London', durationMinutes: 420, guestAllowance: 1 },
  });
  const occurrences = await api(`/api/meetings/${meeting.id}/occurrences?from=${month}-01T00:00:00Z`, { token: organiser.token });
  const start = occurrences.occurrences[0].originalStart;
  const occurrenceUrl = `${baseUrl}/meetings/${meeting.id}/occurrence?start=${encodeURIComponent(start)}`;

  const { page } = await signIn(browser, organiser);
  await page.goto(occurrenceUrl);
  await page.waitForSelector('h1');
  await checkAccessibility(page, 'the occurrence page for an organiser');

  await page.click('summary:has-text("Add to the agenda")');
  await page.selectOption('#kind', 'pre-read');
  await page.fill('#text', 'Health and justice framework');
  await page.click('button:has-text("Add") >> nth=0');
  await page.waitForSelector('.nhsuk-error-summary a[href="#url"]');
  expect(await page.inputValue('#text') === 'Health and justice framework', 'a pre-read without a link keeps what was typed');
  await checkAccessibility(page, 'the occurrence page with an error');
  await page.fill('#url', 'https://example.org/framework.pdf');
  await page.click('button:has-text("Add") >> nth=0');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The item has been added")');
  expect(await page.isVisible('a:has-text("Health and justice framework")'), 'the pre-read is listed with its link');

  // An item is changed on its own page, which says who saved it last.
  await page.click('a.hub-item-change:has-text("Change"):has(span:has-text("Health and justice framework"))');
  await page.waitForSelector('h1:has-text("Change this pre-read")');
  expect(await page.isVisible('p:has-text("Last saved by")'), 'the change page says who saved the item last');
  await checkAccessibility(page, 'the page changing an agenda item');
  await page.fill('#text', 'Health and justice framework (2027 edition)');
  await page.click('button:has-text("Save changes")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The item has been changed")');
  expect(await page.isVisible('a:has-text("Health and justice framework (2027 edition)")'), 'the changed title is listed');

  await page.click('summary:has-text("Add a workshop")');
  await page.fill('#slot', 'Morning session');
  await page.fill('#title', 'Medicines in custody');
  await page.fill('#capacity', '1');
  await page.click('button:has-text("Add workshop")');
  await page.waitForSelector('caption:has-text("Morning session")');
  expect(await page.isVisible('td:has-text("Medicines in custody")'), 'the workshop is listed under its session');

  await page.fill('#theme', 'Continuity of care');
  await page.fill('#location', 'Conference centre, Birmingham');
  await page.click('button:has-text("Save changes")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The date has been updated")');
  expect(await page.isVisible('h1:has-text("Continuity of care")'), 'the theme is the heading');
  expect(await page.isVisible('dd:has-text("Conference centre, Birmingham")'), 'this date has its own venue');

  const { page: other } = await signIn(browser, member);
  await other.goto(occurrenceUrl);
  await other.waitForSelector('h1');
  await checkAccessibility(other, 'the occurrence page for a member');
  expect(!(await other.isVisible('h2:has-text("Change this date")')), 'members cannot change the date');
  await other.check('#response');
  await other.click('button:has-text("Save your reply")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("Your reply has been saved")');
  await other.click('button:has-text("Choose")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("Your workshop choice has been saved")');
  expect(await other.isVisible('td:has-text("1 of 1")'), 'the place is taken');
  await other.click('summary:has-text("Nominate a guest")');
  await other.fill('#name', 'Local Partner');
  await other.fill('#email', `partner.${unique}@example.org`);
  await other.fill('#reason', 'Leads the local health and justice partnership');
  await other.click('button:has-text("Nominate guest")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("Your guest has been nominated")');
  expect(await other.isVisible('td:has-text("Pending")'), 'the member sees their pending guest');

  await other.goto(`${baseUrl}/meetings/${meeting.id}`);
  await other.click('summary:has-text("Send someone in your place")');
  await other.click('button:has-text("Send them")');
  await other.waitForSelector('.nhsuk-error-summary:has-text("Choose who will go in your place")');
  await checkAccessibility(other, 'the meeting page with a reply error');
  await other.selectOption('select[name="delegateUserId"]', { label: 'Occ Organiser' });
  await other.click('button:has-text("Send them")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("Your reply has been saved")');
  expect(await other.isVisible('text=not going, sending Occ Organiser'), 'the member sends a delegate in their place');

  await other.goto(`${baseUrl}/calendar`);
  await checkAccessibility(other, 'your meetings');
  expect(await other.isVisible('a:has-text("Prison health conference: Continuity of care")'), 'your meetings lists the date');
  await other.click('button:has-text("Get your calendar address")');
  const address = await other.inputValue('#calendar-address');
  const ics = await (await fetch(baseUrl + new URL(address).pathname)).text();
  expect(ics.includes('SUMMARY:Prison health conference'), 'the calendar address serves the meeting');

  await page.goto(occurrenceUrl);
  await page.click('button:has-text("Approve")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The guest has been approved")');
  expect(await page.isVisible('td:has-text("Approved")'), 'the organiser approves the guest');

  await page.goto(`${baseUrl}/networks/${network.slug}/meetings?view=month&month=${month}`);
  await page.waitForSelector('table.hub-month');
  await checkAccessibility(page, 'the month calendar');
  expect(await page.isVisible('table.hub-month td:has-text("Prison health conference: Continuity of care")'),
    'the month calendar shows the meeting with its theme');
  await page.click('a[rel="next"]');
  await page.waitForSelector('p:has-text("No meetings in")');
  expect(true, 'the next month has no meetings');

  await page.goto(`${baseUrl}/meetings/${meeting.id}/invitees`);
  await checkAccessibility(page, 'the invitees page');
  await page.fill('#email', `nobody.${unique}@example.org`);
  await page.click('button:has-text("Invite person")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#email"]');
  expect(true, 'inviting someone without an account is reported against the email field');
  await checkAccessibility(page, 'the invitees page with an error');

  await page.goto(`${baseUrl}/meetings/${meeting.id}/edit`);
  await checkAccessibility(page, 'the meeting edit form');
  await page.fill('#capacity', '140');
  await page.click('button:has-text("Save changes")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The meeting has been changed")');
  expect(await page.isVisible('dd:has-text("140")'), 'the new capacity is shown');
});
