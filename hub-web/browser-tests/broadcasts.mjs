// A central team composes a broadcast with a feedback form over the network tree; an organiser of a target
// network reads it, acknowledges it and submits the network's response; the centre's open dashboard shows the
// acknowledgement and the response without reload. Every page is checked with axe. The compose form reports
// every error at once; a check page names the networks and people before anything is sent; the dashboard
// shows flagged risks first, sorts and filters its networks, and fits a 390-pixel phone (also without JavaScript).
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
  await page.fill('#attachments', 'A leaflet without an address');
  await page.fill('#title', '');
  await page.click('button:has-text("Continue")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#targets"]');
  const listed = await page.$$eval('.nhsuk-error-summary a', (links) => links.map((a) => a.getAttribute('href')));
  expect(['#title', '#attachments', '#targets'].every((href) => listed.includes(href)),
    `every mistake is in the error summary at once (${listed.join(' ')})`);
  expect(await page.inputValue('#body') === 'Please read the **new** pathway guidance.', 'what was typed is kept');
  await checkAccessibility(page, 'the compose page with errors');
  await page.fill('#title', 'Faster diagnosis guidance');
  await page.fill('#attachments', '');
  await page.check(`label:has-text("Region ${unique}")`);
  await page.check('#includeDescendants');
  await page.check('#mode-network');
  await page.fill('#q0-label', 'Are you ready?');
  await page.fill('#q0-options', 'Yes\nPartly\nNo');
  await page.selectOption('#q1-type', 'rating');
  await page.fill('#q1-label', 'How confident are you?');
  await page.click('button:has-text("Add another question")');
  await page.selectOption('#q2-type', 'risk');
  await page.fill('#q2-label', 'Is this a local risk?');
  await page.uncheck('#q2-required');
  await page.click('button:has-text("Add another question")');
  await page.selectOption('#q3-type', 'text');
  await page.fill('#q3-label', 'What is happening locally?');
  await page.uncheck('#q3-required');
  await page.click('button:has-text("Continue")');
  await page.waitForSelector('h1:has-text("Check before you send")');
  // Region, Local: two networks; Rhea, Cen and Olu are the three people in them.
  expect(await page.isVisible('text=You are about to send this to 2 networks, 3 people. They will be emailed.'),
    'the check page counts the networks inside the one chosen and the people to be emailed');
  await checkAccessibility(page, 'the check page');
  await page.click('button:has-text("Change the broadcast")');
  await page.waitForSelector('h1:has-text("Send a broadcast")');
  expect(await page.inputValue('#title') === 'Faster diagnosis guidance' && await page.isChecked('#includeDescendants')
    && await page.inputValue('#q3-label') === 'What is happening locally?', '"Change" goes back with everything kept');
  await page.click('button:has-text("Continue")');
  await page.waitForSelector('h1:has-text("Check before you send")');
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
  await page.waitForFunction(() => document.querySelector('[data-figure="acknowledgedNetworks"]').textContent !== '0', null, { timeout: 2000 });
  expect(true, "the centre's open dashboard counts the acknowledgement without reload");

  await other.click('button:has-text("Submit Local")');
  await other.waitForSelector('.nhsuk-error-summary:has-text("Answer the question")');
  expect(true, 'a missing answer is named in the error summary');
  await checkAccessibility(other, 'the recipient page with an error');
  // Olu is in both networks the broadcast went to; the answers are Local's.
  const localForm = 'form:has(button:has-text("Submit Local"))';
  await other.check(`${localForm} label:has-text("Partly")`);
  await other.check(`${localForm} label:has-text("4")`);
  await other.check(`${localForm} input[name="a-q3"][value="yes"]`);
  await other.fill(`${localForm} textarea[name="a-q4"]`, 'Two radiologists leave in March');
  await other.click('button:has-text("Submit Local")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("The response has been submitted")');
  const submitted = Date.now();
  await page.waitForFunction(() => document.querySelector('[data-figure="respondedNetworks"]').textContent === '1', null, { timeout: 2000 });
  expect(true, `the dashboard shows the network's response without reload (${Date.now() - submitted} ms)`);
  await page.waitForSelector('[data-live-section="answers"] td:has-text("Partly") + td:has-text("1")', { timeout: 2000 });
  expect(await page.isVisible('[data-live-section="answers"] p:has-text("Mean rating 4")'), 'and the answers, live');
  await checkAccessibility(page, 'the dashboard after live updates');
  await page.reload();
  const risks = await page.$eval('[data-live-section="flags"]', (el) => el.textContent);
  expect(risks.includes('Two radiologists leave in March') && risks.includes(`Local ${unique}`),
    'flagged risks come with what the network wrote');
  const order = await page.evaluate(() => {
    const at = (el) => (el ? el.getBoundingClientRect().top : -1);
    return [at(document.querySelector('[data-figure="acknowledgedNetworks"]')), at(document.querySelector('[data-live-section="flags"]')),
      at(document.querySelector('#networks'))];
  });
  expect(order[0] < order[1] && order[1] < order[2], 'the risks sit after the headline figures and before the tables');
  await page.click('#networks ~ [data-live-section="networks"] th a:has-text("Responded")');
  await page.waitForSelector('th[aria-sort="ascending"] a:has-text("Responded")');
  expect(true, 'the networks sort by status, and the sorted column says so');
  await page.check('#show-not-responded');
  await page.click('button:has-text("Show networks")');
  await page.waitForURL(/show=not-responded/);
  const rows = await page.$$eval('[data-live-section="networks"] tbody tr', (trs) => trs.map((tr) => tr.textContent));
  expect(rows.length === 1 && rows[0].includes(`Region ${unique}`), 'only the network that has not yet responded is shown');
  await checkAccessibility(page, 'the dashboard, sorted and filtered');

  for (const [label, options] of [['a 390-pixel phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
    ['a phone without JavaScript', { viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false }]]) {
    const { page: phone } = await signIn(browser, central, options);
    await phone.goto(dashboardUrl.replace(/\?.*$/, ''));
    await phone.waitForSelector('h1:has-text("Faster diagnosis guidance")');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow <= 0, `the dashboard fits ${label} without scrolling sideways (${overflow} pixels over)`);
    await checkAccessibility(phone, `the dashboard on ${label}`);
    await phone.goto(`${baseUrl}/broadcasts/new`);
    await phone.fill('#title', 'Phone guidance');
    await phone.fill('#body', 'Read this on the ward.');
    await phone.check(`label:has-text("Region ${unique}")`);
    await phone.check('#includeDescendants');
    await phone.click('button:has-text("Continue")');
    await phone.waitForSelector('h1:has-text("Check before you send")');
    const wide = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(wide <= 0, `the check page fits ${label}`);
    await checkAccessibility(phone, `the check page on ${label}`);
    await phone.context().close();
  }

  await page.goto(dashboardUrl.replace(/\/dashboard.*$/, '/versions/new'));
  await checkAccessibility(page, 'the new version form');
  await page.fill('#changeSummary', 'Clarified the 28-day standard');
  await page.click('button:has-text("Send the new version")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The new version has been sent")');
  expect(await page.isVisible('text=Dashboard, version 2'), 'the dashboard moves to version 2');
});
