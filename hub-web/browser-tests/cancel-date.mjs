// Cancelling one date of a meeting: the date page's "Cancel this date" leads to a confirmation page with an
// optional reason, on a desktop, on a 390-pixel phone and without JavaScript, each checked with axe. The
// emails the cancellation writes are checked by MeetingBrowserTest, which reads the outbox afterwards.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('cancelling a date asks for confirmation and a reason', async (browser) => {
  const organiser = await register('Cancel Organiser', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Cancel network ${unique}`, slug: `cancel-${unique}`, visibility: 'private' },
  });
  const meeting = await api(`/api/networks/${network.id}/meetings`, {
    method: 'POST', token: organiser.token,
    body: { title: 'Lead nurses', start: '2027-03-09T14:00', timeZone: 'Europe/London', durationMinutes: 120, rrule: 'FREQ=MONTHLY;COUNT=3' },
  });
  const dates = (await api(`/api/meetings/${meeting.id}/occurrences?from=2027-03-01T00:00:00Z`, { token: organiser.token })).occurrences;
  const dateUrl = (n) => `${baseUrl}/meetings/${meeting.id}/occurrence?start=${encodeURIComponent(dates[n].originalStart)}`;

  const journeys = [
    { label: 'desktop', options: {} },
    { label: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
    { label: 'without JavaScript', options: { javaScriptEnabled: false } },
  ];
  for (const [n, journey] of journeys.entries()) {
    const { context, page } = journey.label === 'desktop' ? await signIn(browser, organiser)
      : await signIn(browser, organiser, journey.options);
    await page.goto(dateUrl(n));
    await page.click('a:has-text("Cancel this date")');
    await page.waitForSelector('h1:has-text("Are you sure you want to cancel Lead nurses on")');
    await checkAccessibility(page, `the cancel confirmation (${journey.label})`);
    if (journey.label === 'phone') {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow <= 0, 'the confirmation fits a 390-pixel screen without scrolling sideways');
    }
    if (n === 0) {
      await page.click('a:has-text("No, keep this date")');
      await page.waitForSelector('a:has-text("Cancel this date")');
      expect(true, '"No, keep this date" goes back with the date still on');
      await page.click('a:has-text("Cancel this date")');
      await page.fill('#reason', 'x'.repeat(1001));
      await page.click('button:has-text("Cancel this date")');
      await page.waitForSelector('.nhsuk-error-summary a[href="#reason"]');
      await checkAccessibility(page, 'the cancel confirmation with an error');
    }
    await page.fill('#reason', `The room is double-booked (${journey.label})`);
    await page.click('button:has-text("Cancel this date")');
    await page.waitForSelector('.nhsuk-notification-banner:has-text("This date has been cancelled")');
    expect(await page.isVisible('strong.nhsuk-tag:has-text("Cancelled")'), `the date shows as cancelled (${journey.label})`);
    expect(await page.isVisible('button:has-text("Reinstate this date")'), 'a cancelled date can be reinstated');
    await context.close();
  }
});
