// The signed-in home: what needs you, changing live as a request to join arrives and is decided, on a desktop
// and a phone, and rendered on the server when JavaScript is off. Every state is checked with axe.
import { api, baseUrl, checkAccessibility, expect, newContext, person, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('home: what needs you, live', async (browser) => {
  const organiser = await person('Hana Homeowner', unique);
  const requester = await person('Rui Requester', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: 'Home page network', slug: `home-page-${unique}`, visibility: 'request' },
  });

  const { context, page } = await signIn(browser, organiser);
  await page.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")');
  expect(await page.isVisible('[data-hub-needs-empty]:has-text("Nothing needs you right now.")'), 'an empty home says nothing needs you');
  await checkAccessibility(page, 'the empty home on a desktop');

  await api(`/api/networks/${network.id}/join`, { method: 'POST', token: requester.token, body: {} });
  const item = '.nhsuk-card__link:has-text("Decide on a request to join from Rui Requester")';
  await page.waitForSelector(item, { timeout: 5000 });
  expect(!(await page.isVisible('[data-hub-needs-empty]')), 'the request arrives on the open home without a reload');
  expect(await page.getAttribute(item, 'href') === `/networks/home-page-${unique}/requests`, 'the item links to the requests page');
  await checkAccessibility(page, 'the home with something that needs you on a desktop');

  const phoneContext = await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const phone = await phoneContext.newPage();
  await phone.goto(`${baseUrl}/sign-in`);
  await phone.fill('#email', organiser.email);
  await phone.fill('#password', 'quartz lantern meadow 58');
  await phone.click('button[type=submit]:has-text("Sign in")');
  await phone.waitForURL(`${baseUrl}/`);
  await phone.waitForSelector(item);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), 'the home fits a 390-pixel phone without sideways scrolling');
  await checkAccessibility(phone, 'the home on a phone');
  await phone.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")');

  const { context: noScript, page: plain } = await signIn(browser, organiser, { javaScriptEnabled: false });
  expect(await plain.isVisible(item), 'without JavaScript the home is rendered on the server');
  await checkAccessibility(plain, 'the home without JavaScript');
  await noScript.close();

  const { requests } = await api(`/api/networks/${network.id}/join-requests`, { token: organiser.token });
  await api(`/api/networks/${network.id}/join-requests/${requests[0].id}/approve`, { method: 'POST', token: organiser.token, body: {} });
  await page.waitForSelector('[data-hub-needs-empty]:has-text("Nothing needs you right now.")', { timeout: 5000 });
  await phone.waitForSelector('[data-hub-needs-empty]:has-text("Nothing needs you right now.")', { timeout: 5000 });
  expect(!(await page.isVisible(item)), 'a decided request leaves the home in every open tab, desktop and phone');
  await phoneContext.close();
  await context.close();
});
