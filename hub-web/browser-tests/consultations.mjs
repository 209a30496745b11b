// An organiser runs a consultation from the project page: a set-up form sent with a mistake comes back with the
// error summary and what was typed; a member answers on the consultation page (a missing answer is shown the same
// way) and the organiser's open project and consultation pages show the new response count without reload; the results page shows
// the answers as tables; and someone without an account answers through the public link and is asked to confirm by
// email. Every page is checked with axe.
import { api, baseUrl, checkAccessibility, expect, newContext, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('project consultations', async (browser) => {
  const organiser = await register('Cora Organiser', unique);
  const member = await register('Max Member', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Consulting ${unique}`, slug: `consulting-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${network.id}/members`, { method: 'POST', token: organiser.token, body: { email: member.email, role: 'member' } });
  const project = await api(`/api/networks/${network.id}/projects`, {
    method: 'POST', token: organiser.token, body: { title: 'Acutely unwell child' },
  });

  const { page } = await signIn(browser, organiser);
  await page.goto(`${baseUrl}/projects/${project.id}`);
  await page.click('a:has-text("Run a consultation")');
  await page.waitForSelector('h1:has-text("Run a consultation")');
  await checkAccessibility(page, 'the new consultation form');
  const today = new Date();
  const later = new Date(today.getTime() + 14 * 86400000);
  await page.fill('#opens-day', String(today.getDate()));
  await page.fill('#opens-month', String(today.getMonth() + 1));
  await page.fill('#opens-year', String(today.getFullYear()));
  await page.fill('#closes-day', String(later.getDate()));
  await page.fill('#closes-month', String(later.getMonth() + 1));
  await page.fill('#closes-year', String(later.getFullYear()));
  await page.check('#audience-anyone-with-link');
  await page.fill('#q0-label', 'Do you support the case for change?');
  await page.selectOption('#q0-type', 'single');
  await page.fill('#q0-options', 'Yes\nNo');
  await page.click('button:has-text("Set up consultation")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#title"]');
  expect(await page.inputValue('#q0-label') === 'Do you support the case for change?', 'what was typed is kept');
  await checkAccessibility(page, 'the new consultation form with an error');
  await page.fill('#title', 'Case for change');
  await page.click('button:has-text("Set up consultation")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The consultation has been set up")');
  await checkAccessibility(page, 'the consultation page as its organiser');
  const consultationUrl = page.url().replace(/\?.*$/, '');
  const publicLink = await page.getAttribute('a[href^="/consultations/"]', 'href');

  await page.goto(`${baseUrl}/projects/${project.id}`);
  await page.waitForSelector('body[data-hub-live="open"]');
  expect(await page.isVisible('[data-live-section="consultations"] a:has-text("Case for change")'), 'the project page lists it');

  const { page: following } = await signIn(browser, organiser);
  await following.goto(consultationUrl);
  await following.waitForSelector('body[data-hub-live="open"]');

  const { page: answering } = await signIn(browser, member);
  await answering.goto(consultationUrl);
  await checkAccessibility(answering, 'the consultation page as a member');
  await answering.click('button:has-text("Send response")');
  await answering.waitForSelector('.nhsuk-error-summary a[href="#a-q1"]');
  await checkAccessibility(answering, 'the consultation page with an error');
  await answering.check('#a-q1-0');
  await answering.click('button:has-text("Send response")');
  await answering.waitForSelector('.nhsuk-notification-banner:has-text("Your response has been saved")');
  await page.waitForSelector('[data-live-section="consultations"] td[data-consultation-responses]:has-text("1")', { timeout: 3000 });
  await following.waitForSelector('[data-live-section="consultation-count"] strong:has-text("1")', { timeout: 3000 });
  await checkAccessibility(following, 'the consultation page after the count rose live');

  await page.goto(`${consultationUrl}/results`);
  expect(await page.isVisible('table td:has-text("Yes")'), 'the results show the answers as a table');
  await checkAccessibility(page, 'the results page');

  const stranger = await (await newContext(browser)).newPage();
  await stranger.goto(`${baseUrl}${publicLink}`);
  await checkAccessibility(stranger, 'the public consultation page');
  await stranger.check('#a-q1-1');
  await stranger.fill('#email', 'not an address');
  await stranger.click('button:has-text("Send response")');
  await stranger.waitForSelector('.nhsuk-error-summary a[href="#email"]');
  expect(await stranger.isChecked('#a-q1-1'), 'the answer is kept');
  await checkAccessibility(stranger, 'the public consultation page with an error');
  await stranger.fill('#email', `parent-${unique}@example.org`);
  await stranger.click('button:has-text("Send response")');
  await stranger.waitForSelector('h1:has-text("Check your email")');
  await checkAccessibility(stranger, 'the check your email page');
});
