// A central team composes a broadcast with a feedback form over the network tree; an organiser of a target
// network reads it, acknowledges it and submits the network's response; the centre's open dashboard shows the
// acknowledgement and the response without reload. Every page is checked with axe.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('broadcasts and the live dashboard', async (browser) => {
  const regionLead = await register('Rhea Region', unique);
  const central = await register('Cen Central', unique);
  const organiser = await register('Olu Organiser', unique);
  const region = await api('/api/networks', {
    method: 'POST', token: regionLead.token, body: { name: `Region ${unique}`, slug: `region-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${region.id}/members`, { method: 'POST', token: regionLead.token, body: { email: central.email, role: 'central' } });
  await api(`/api/networks/${region.id}/members`, { method: 'POST', token: regionLead.token, body: { email: organiser.email, role: 'member' } });
  const local = await api('/api/networks', {
    method: 'POST', token: regionLead.token, body: { name: `Local ${unique}`, slug: `local-${unique}`, visibility: 'private', parentId: region.id },
  });
  await api(`/api/networks/${local.id}/members`, { method: 'POST', token: regionLead.token, body: { email: organiser.email, role: 'organiser' } });

  const { page } = await signIn(browser, central);
  await page.goto(`${baseUrl}/broadcasts`);
  await checkAccessibility(page, 'the broadcasts list');
  await page.click('a:has-text("Send a broadcast")');
  await page.waitForSelector('h1:has-text("Send a broadcast")');
  await checkAccessibility(page, 'the compose page');
  await page.fill('#title', 'Faster diagnosis guidance');
  await page.fill('#body', 'Please read the **new** pathway guidance.');
  await page.click('button:has-text("Send broadcast")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#targets"]');
  expect(true, 'sending without a target is reported against the target picker');
  await checkAccessibility(page, 'the compose page with an error');
  await page.check(`label:has-text("Local ${unique}")`);
  await page.check('#mode-network');
  await page.fill('#q0-label', 'Are you ready?');
  await page.fill('#q0-options', 'Yes\nPartly\nNo');
  await page.selectOption('#q1-type', 'rating');
  await page.fill('#q1-label', 'How confident are you?');
  await page.click('button:has-text("Send broadcast")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("Your broadcast has been sent")');
  await page.waitForSelector('body[data-hub-live="open"]');
  await checkAccessibility(page, 'the dashboard');
  const dashboardUrl = page.url();

  const { page: other } = await signIn(browser, organiser);
  await other.goto(dashboardUrl.replace(/\/dashboard.*$/, ''));
  await other.waitForSelector('h1:has-text("Faster diagnosis guidance")');
  await checkAccessibility(other, 'the recipient page');
  await other.click('button:has-text("I have read this guidance")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("your acknowledgement has been recorded")');
  await page.waitForFunction(() => document.querySelector('[data-figure="acknowledgedNetworks"]').textContent === '1', null, { timeout: 2000 });
  expect(true, "the centre's open dashboard counts the acknowledgement without reload");

  await other.click('button:has-text("Submit Local")');
  await other.waitForSelector('.nhsuk-error-summary:has-text("Answer the question")');
  expect(true, 'a missing answer is named in the error summary');
  await checkAccessibility(other, 'the recipient page with an error');
  await other.check('label:has-text("Partly")');
  await other.check('label:has-text("4")');
  await other.click('button:has-text("Submit Local")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("The response has been submitted")');
  const submitted = Date.now();
  await page.waitForFunction(() => document.querySelector('[data-figure="respondedNetworks"]').textContent === '1', null, { timeout: 2000 });
  expect(true, `the dashboard shows the network's response without reload (${Date.now() - submitted} ms)`);
  await page.waitForSelector('[data-live-section="answers"] td:has-text("Partly") + td:has-text("1")', { timeout: 2000 });
  expect(await page.isVisible('[data-live-section="answers"] p:has-text("Mean rating 4")'), 'and the answers, live');
  await checkAccessibility(page, 'the dashboard after live updates');

  await page.goto(dashboardUrl.replace(/\/dashboard.*$/, '/versions/new'));
  await checkAccessibility(page, 'the new version form');
  await page.fill('#changeSummary', 'Clarified the 28-day standard');
  await page.click('button:has-text("Send the new version")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The new version has been sent")');
  expect(await page.isVisible('text=Dashboard, version 2'), 'the dashboard moves to version 2');
});
