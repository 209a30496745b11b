// Scheduling "every 2 months on the second Tuesday" from plain choices, on a desktop, on a 390-pixel phone and
// without JavaScript: the NHS.UK date input, a typed start time, the zone list, a first date off the rule named in
// the preview, and the edit page showing the saved rule back in the same fields.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

async function fitsTheScreen(page, width, label) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth <= width, `${label} fits a ${width}-pixel screen (scroll width ${scrollWidth})`);
}

const modes = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } }, js: true },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, js: true },
  { name: 'without JavaScript', options: { viewport: { width: 390, height: 844 }, javaScriptEnabled: false }, js: false },
];

await run('scheduling a repeating meeting from plain choices', async (browser) => {
  const organiser = await register('Plain Scheduler', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Schedule network ${unique}`, slug: `schedule-${unique}`, visibility: 'private' },
  });

  for (const mode of modes) {
    const width = mode.options.viewport.width;
    const { page } = await signIn(browser, organiser, { ...mode.options, javaScriptEnabled: mode.js });
    await page.goto(`${baseUrl}/networks/${network.slug}/meetings/new`);
    expect(await page.$('input[type=date], input[type=time], input[type=datetime-local]') === null,
      `${mode.name}: no native date or time picker`);
    expect(await page.inputValue('#timeZone') === 'Europe/London', `${mode.name}: the time zone defaults to London`);
    await checkAccessibility(page, `the scheduling form (${mode.name})`);
    await fitsTheScreen(page, width, `the scheduling form (${mode.name})`);

    await page.fill('#title', `Leads meeting, ${mode.name}`);
    await page.fill('#date-day', '6');
    await page.fill('#date-month', '1');
    await page.fill('#date-year', '2031');
    await page.fill('#time', '2pm');
    await page.check('#repeats-yes');
    await page.fill('#interval', '2');
    await page.selectOption('#frequency', 'MONTHLY');
    if (mode.js) {
      expect(!(await page.isVisible('#byWeekday')), `${mode.name}: weekdays are hidden for a monthly repeat`);
    }
    await page.check('#monthlyOn-weekday');
    await page.selectOption('#ordinal', '2');
    await page.selectOption('#ordinalDay', 'TU');
    await page.check('#ends-after');
    await page.fill('#count', '6');
    await page.click('button:has-text("Preview the dates")');
    await page.waitForSelector('#preview');
    expect((await page.textContent('#preview-mismatch')).includes(
      'Your first meeting, Monday 6 January 2031, is not the second Tuesday of its month'),
    `${mode.name}: a first date off the rule is named in the preview`);
    expect(await page.isVisible('.nhsuk-error-summary a[href="#date"]'), `${mode.name}: and in the error summary`);
    await checkAccessibility(page, `the scheduling form with a first date off the rule (${mode.name})`);

    await page.fill('#date-day', '14');
    await page.click('button:has-text("Preview the dates")');
    await page.waitForSelector('#preview h2:has-text("every 2 months on the 2nd Tuesday, 6 times")');
    expect(await page.isVisible('#preview li:has-text("Tuesday 11 March 2031, 2pm to 4pm")'),
      `${mode.name}: the preview lists the next dates`);
    await fitsTheScreen(page, width, `the preview (${mode.name})`);

    await page.fill('#date-day', '31');
    await page.fill('#date-month', '2');
    await page.click('button:has-text("Schedule meeting")');
    await page.waitForSelector('.nhsuk-error-summary a[href="#date"]');
    expect((await page.textContent('.nhsuk-error-summary')).includes('must be a real date'),
      `${mode.name}: 31 February is an error on the date`);
    await checkAccessibility(page, `the scheduling form with an error (${mode.name})`);

    await page.fill('#date-day', '14');
    await page.fill('#date-month', '1');
    await page.click('button:has-text("Schedule meeting")');
    await page.waitForSelector(`h1:has-text("Leads meeting, ${mode.name}")`);
    const meetingId = page.url().split('/meetings/')[1].split('?')[0];
    const saved = await api(`/api/meetings/${meetingId}`, { token: organiser.token });
    expect(saved.rrule.split(';').sort().join(';') === 'BYDAY=2TU;COUNT=6;FREQ=MONTHLY;INTERVAL=2',
      `${mode.name}: saved as FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6 (${saved.rrule})`);
    expect(saved.start === '2031-01-14T14:00', `${mode.name}: starting at 2pm on 14 January 2031`);

    await page.goto(`${baseUrl}/meetings/${meetingId}/edit`);
    expect(await page.isChecked('#repeats-yes') && await page.inputValue('#frequency') === 'MONTHLY'
      && await page.isChecked('#monthlyOn-weekday') && await page.inputValue('#ordinal') === '2'
      && await page.inputValue('#ordinalDay') === 'TU' && await page.inputValue('#count') === '6'
      && await page.inputValue('#date-day') === '14' && await page.inputValue('#rrule') === '',
    `${mode.name}: the edit page shows the rule in the plain fields`);
    await checkAccessibility(page, `the edit form (${mode.name})`);
    await fitsTheScreen(page, width, `the edit form (${mode.name})`);
    await page.context().close();
  }
});
