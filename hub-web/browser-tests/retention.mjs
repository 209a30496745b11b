// The retention page: an organiser sets how long discussions are kept (a slip first, shown in the error summary
// with what they typed, then in years and months) with JavaScript on; an administrator puts the network under a
// legal hold with JavaScript off, and the organiser sees it. Every state is checked with axe.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);
const admin = { name: 'Bea Administrator', email: process.argv[3] };

await run('retention and legal hold', async (browser) => {
  const organiser = await register('Rhys Records', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Records ${unique}`, slug: `records-${unique}`, visibility: 'private' },
  });

  const { page } = await signIn(browser, organiser);
  await page.goto(`${baseUrl}/networks/${network.slug}`);
  await page.click('a:has-text("How long records are kept")');
  await page.waitForSelector(`h1:has-text("Retention for ${network.name}")`);
  await checkAccessibility(page, 'the retention page');

  await page.check('#discussions-after');
  await page.fill('#discussionsYears', 'six');
  await page.click('button:has-text("Save retention periods")');
  await page.waitForSelector('.nhsuk-error-summary');
  expect(await page.inputValue('#discussionsYears') === 'six', 'what was typed is kept');
  await checkAccessibility(page, 'the retention page with an error');

  await page.fill('#discussionsYears', '6');
  await page.fill('#discussionsMonths', '');
  await page.click('button:has-text("Save retention periods")');
  await page.waitForSelector('.nhsuk-notification-banner');
  const saved = await api(`/api/networks/${network.id}/retention`, { token: organiser.token });
  expect(saved.discussionsMonths === 72 && saved.meetingsMonths === null, 'discussions are kept for 72 months, the rest forever');
  await checkAccessibility(page, 'the retention page once saved');

  const { page: adminPage } = await signIn(browser, admin, { javaScriptEnabled: false });
  await adminPage.goto(`${baseUrl}/networks/${network.slug}/retention`);
  await adminPage.fill('#legalHoldReason', 'Freedom of Information request 2026/114');
  await adminPage.click('button:has-text("Put under legal hold")');
  await adminPage.waitForSelector('.nhsuk-warning-callout');
  await checkAccessibility(adminPage, 'the retention page under legal hold, without JavaScript');

  await page.reload();
  expect((await page.textContent('main')).includes('Freedom of Information request 2026/114'), 'the organiser sees the hold and why');
  expect(await page.isHidden('#legalHoldReason') && await page.isVisible('text=Only an administrator of the hub can put a network under legal hold'),
    'the organiser cannot change the hold');
});
