// A network's pages for an organiser and a member: accessibility, joining, live updates without reload,
// catching up after the connection drops, and the members, invitations and requests admin pages.
import { api, baseUrl, checkAccessibility, expect, newContext, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

async function memberCount(page) {
  return Number((await page.textContent('[data-member-count]')).trim());
}

await run('network pages, live membership and admin', async (browser) => {
  const organiser = await register('Orla Organiser', unique);
  const member = await register('Milo Member', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token,
    body: { name: `Browser network ${unique}`, slug: `browser-${unique}`, visibility: 'open', description: 'A network for the browser test' },
  });

  const watcher = await signIn(browser, organiser);
  // Route the organiser's live connection through the test, so that it can be cut like a dropped network.
  let blocked = false;
  const sockets = [];
  await watcher.page.routeWebSocket(/\/eventbus\//, (ws) => {
    if (blocked) {
      ws.close();
      return;
    }
    sockets.push({ ws, server: ws.connectToServer() });
  });
  await watcher.page.route('**/eventbus/**', (route) => (blocked ? route.abort() : route.continue()));
  await watcher.page.goto(`${baseUrl}/networks`);
  await checkAccessibility(watcher.page, 'the network list');
  await watcher.page.click(`a:has-text("Browser network ${unique}")`);
  await watcher.page.waitForSelector('h1:has-text("Browser network")');
  await watcher.page.waitForSelector('body[data-hub-live="open"]');
  expect(await memberCount(watcher.page) === 1, 'the organiser sees one member');
  await checkAccessibility(watcher.page, 'the network page');

  const joiner = await signIn(browser, member);
  await joiner.page.goto(`${baseUrl}/networks/${network.slug}`);
  await joiner.page.click('button:has-text("Join this network")');
  await joiner.page.waitForSelector('.nhsuk-notification-banner:has-text("You have joined this network")');
  expect(true, 'joining an open network confirms it');
  await checkAccessibility(joiner.page, 'the network page after joining');

  const started = Date.now();
  await watcher.page.waitForFunction(() => document.querySelector('[data-member-count]').textContent.trim() === '2',
    null, { timeout: 2000 });
  expect(true, `the organiser's open page shows the new member without reload (${Date.now() - started} ms)`);
  expect(await watcher.page.isVisible('[data-live-items] li:has-text("Milo Member joined the network")'),
    'the live feed says who joined');

  // Cut the organiser's connection, let two people join meanwhile, and check each appears exactly once.
  blocked = true;
  sockets.splice(0).forEach(({ ws, server }) => {
    server.close();
    ws.close();
  });
  await watcher.page.waitForSelector('body[data-hub-live="closed"]', { timeout: 10000 });
  const late1 = await register('Late One', unique);
  const late2 = await register('Late Two', unique);
  await api(`/api/networks/${network.id}/join`, { method: 'POST', token: late1.token });
  await api(`/api/networks/${network.id}/join`, { method: 'POST', token: late2.token });
  blocked = false;
  await watcher.page.waitForFunction(() => document.querySelector('[data-member-count]').textContent.trim() === '4',
    null, { timeout: 15000 });
  const feed = await watcher.page.$$eval('[data-live-items] li', (items) => items.map((item) => item.textContent));
  expect(feed.filter((text) => text.includes('Late One joined')).length === 1
    && feed.filter((text) => text.includes('Late Two joined')).length === 1,
    'after reconnecting, the events missed while offline appear once each');

  // Members admin
  await watcher.page.goto(`${baseUrl}/networks/${network.slug}/members`);
  await checkAccessibility(watcher.page, 'the members page');
  await watcher.page.fill('form[action$="/members"] #email', `nobody.${unique}@test.nhs.uk`);
  await watcher.page.click('button:has-text("Add member")');
  await watcher.page.waitForSelector('.nhsuk-error-summary:has-text("No account uses this email address")');
  expect(true, 'adding an unknown email is explained in the error summary');
  await checkAccessibility(watcher.page, 'the members page with an error');

  await watcher.page.fill('#csv', `email,display name,role title\nnew.${unique}@test.nhs.uk,New Person,Manager\nnot-an-email,Broken,Manager\n`);
  await watcher.page.click('button:has-text("Check without importing")');
  await watcher.page.waitForSelector('#import-report:has-text("Problems found")');
  expect(await watcher.page.isVisible('#import-report td:has-text("Enter an email address in the correct format")'),
    'the import report names the problem on its row');
  await checkAccessibility(watcher.page, 'the members page with an import report');

  await watcher.page.goto(`${baseUrl}/networks/${network.slug}/invitations`);
  await checkAccessibility(watcher.page, 'the invitations page');
  await watcher.page.fill('#email', `invitee.${unique}@test.nhs.uk`);
  await watcher.page.fill('#roleTitle', 'Lead nurse');
  await watcher.page.click('button:has-text("Send invitation")');
  await watcher.page.waitForSelector('.nhsuk-notification-banner:has-text("Invitation sent")');
  expect(await watcher.page.isVisible(`td:has-text("invitee.${unique}@test.nhs.uk")`), 'the invitation is listed as waiting');

  await watcher.page.goto(`${baseUrl}/networks/${network.slug}/requests`);
  await checkAccessibility(watcher.page, 'the requests page');

  await watcher.page.goto(`${baseUrl}/networks/new`);
  await checkAccessibility(watcher.page, 'the create network form');
  await watcher.page.click('button:has-text("Create network")');
  await watcher.page.waitForSelector('.nhsuk-error-summary');
  await checkAccessibility(watcher.page, 'the create network form with errors');

  const anonymous = await (await newContext(browser)).newPage();
  await anonymous.goto(`${baseUrl}/invitations/not-a-real-token`);
  expect(await anonymous.isVisible('h1:has-text("Page not found")'), 'an unknown invitation link shows the not-found page');
});
