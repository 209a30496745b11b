// Replying to one date from the date page that "Your meetings" links to, on a desktop, on a 390-pixel phone and
// without JavaScript, each checked with axe: the date starts plainly unanswered, a workshop waits for a "going",
// and the answer given is the one shown afterwards, on the date page and in "Your meetings".
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

/** A date {@code days} from now at 10:00, as the local date-time the API takes. */
function daysAhead(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10) + 'T10:00';
}

await run('replying from the date page', async (browser) => {
  const organiser = await register('Reply Organiser', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Reply network ${unique}`, slug: `reply-${unique}`, visibility: 'private' },
  });
  const meeting = await api(`/api/networks/${network.id}/meetings`, {
    method: 'POST', token: organiser.token,
    body: { title: 'Lead nurses forum', start: daysAhead(10), timeZone: 'Europe/London', durationMinutes: 120 },
  });
  const start = (await api(`/api/meetings/${meeting.id}/occurrences`, { token: organiser.token })).occurrences[0].originalStart;
  const occurrence = `/api/meetings/${meeting.id}/occurrences/${encodeURIComponent(start)}`;
  await api(`${occurrence}/workshops`, { method: 'POST', token: organiser.token, body: { slot: 'Morning', title: 'Sepsis recognition' } });

  const journeys = [
    { label: 'desktop', options: {} },
    { label: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
    { label: 'without JavaScript', options: { javaScriptEnabled: false } },
  ];
  for (const journey of journeys) {
    const member = await register(`Reply Member ${journey.label.replace(/\W/g, '')}`, unique);
    await api(`/api/networks/${network.id}/members`, { method: 'POST', token: organiser.token, body: { email: member.email, role: 'member' } });
    const { context, page } = await signIn(browser, member, journey.options);

    await page.goto(`${baseUrl}/calendar`);
    await page.click('a:has-text("Lead nurses forum")');
    await page.waitForSelector('h2:has-text("Your reply")');
    expect(await page.isVisible('strong.nhsuk-tag:has-text("You have not replied")'), `the date starts unanswered (${journey.label})`);
    expect(!(await page.isChecked('#response')), 'no answer is chosen for the person');
    await checkAccessibility(page, `the date page (${journey.label})`);
    if (journey.label === 'phone') {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow <= 0, 'the date page fits a 390-pixel screen without scrolling sideways');
    }

    await page.click('button:has-text("Choose")');
    await page.waitForSelector('.nhsuk-error-summary a[href="#response"]:has-text("Reply that you are going before choosing a workshop")');
    await checkAccessibility(page, `the date page refusing a workshop (${journey.label})`);

    await page.check('#response-maybe');
    await page.click('button:has-text("Save your reply")');
    await page.waitForSelector('.nhsuk-notification-banner:has-text("Your reply has been saved")');
    expect(await page.isChecked('#response-maybe'), `the answer given is the one shown (${journey.label})`);
    expect(await page.isVisible('strong.nhsuk-tag:has-text("Maybe")'), 'and its tag reads Maybe');

    await page.check('#response');
    await page.click('button:has-text("Save your reply")');
    await page.waitForSelector('strong.nhsuk-tag:has-text("Going")');
    await page.click('button:has-text("Choose")');
    await page.waitForSelector('.nhsuk-notification-banner:has-text("Your workshop choice has been saved")');
    expect(true, `going, the person chooses a workshop (${journey.label})`);

    await page.goto(`${baseUrl}/calendar`);
    expect(await page.isVisible('strong.nhsuk-tag:has-text("Going")'), 'your meetings shows the reply');
    await context.close();
  }
});
