// Sending someone in your place: on the meeting page a member names a delegate by email address (a slip is
// reported in the error summary with the address kept), their reply then reads "not going, sending ...", and the
// delegate reads "You are attending for ..." on the date page and in "Your meetings". On a desktop, a 390-pixel
// phone and without JavaScript, each page checked with axe.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('sending a delegate by email address, and what the delegate sees', async (browser) => {
  const organiser = await register('Delegates Organiser', unique);
  const tom = await register('Tom Reid', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Delegates network ${unique}`, slug: `delegates-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${network.id}/members`, { method: 'POST', token: organiser.token, body: { email: tom.email, role: 'member' } });
  const day = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);

  const journeys = [
    { label: 'desktop', options: {} },
    { label: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
    { label: 'without JavaScript', options: { javaScriptEnabled: false } },
  ];
  for (const journey of journeys) {
    const meeting = await api(`/api/networks/${network.id}/meetings`, {
      method: 'POST', token: organiser.token,
      body: { title: `Lead nurses forum (${journey.label})`, start: `${day}T14:00`, timeZone: 'Europe/London', durationMinutes: 120 },
    });
    const delegate = await register(`Priya Shah ${journey.label.replace(/[^a-z]/g, '')}`, unique);

    const { context, page } = await signIn(browser, tom, journey.options);
    await page.goto(`${baseUrl}/meetings/${meeting.id}`);
    await page.click('summary:has-text("Send someone in your place")');
    await page.fill('input[name="delegateEmail"]', 'priya.shah@example');
    await page.click('button:has-text("Send them")');
    await page.waitForSelector('.nhsuk-error-summary:has-text("Enter an email address in the correct format")');
    expect(await page.inputValue('input[name="delegateEmail"]') === 'priya.shah@example', `the mistyped address is kept (${journey.label})`);
    await checkAccessibility(page, `the meeting page with a delegate error (${journey.label})`);

    await page.fill('input[name="delegateEmail"]', delegate.email);
    await page.click('button:has-text("Send them")');
    await page.waitForSelector('.nhsuk-notification-banner:has-text("Your reply has been saved")');
    expect(await page.isVisible(`text=not going, sending ${delegate.name}`), `the sender's reply names the delegate (${journey.label})`);
    if (journey.label === 'phone') {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow <= 0, 'the meeting page fits a 390-pixel screen without scrolling sideways');
    }
    await context.close();

    const seen = await signIn(browser, delegate, journey.options);
    const dates = (await api(`/api/meetings/${meeting.id}/occurrences?from=${day}T00:00:00Z`, { token: delegate.token })).occurrences;
    await seen.page.goto(`${baseUrl}/meetings/${meeting.id}/occurrence?start=${encodeURIComponent(dates[0].originalStart)}`);
    await seen.page.waitForSelector('strong.nhsuk-tag:has-text("You are attending for Tom Reid")');
    expect(true, `the delegate from outside the network sees whom they attend for on the date page (${journey.label})`);
    await checkAccessibility(seen.page, `the date page for a delegate (${journey.label})`);
    await seen.page.goto(`${baseUrl}/calendar`);
    expect(await seen.page.isVisible('strong.nhsuk-tag:has-text("You are attending for Tom Reid")'),
      `"Your meetings" says whom they attend for (${journey.label})`);
    await checkAccessibility(seen.page, `your meetings for a delegate (${journey.label})`);
    await seen.context.close();
  }
});
