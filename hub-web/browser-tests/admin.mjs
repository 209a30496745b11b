// Platform administration: an administrator finds an account and suspends it; the person's open page is signed out
// at once and signing in tells them why; the audit log and the request queue; reactivating without JavaScript.
// The administrator (made one by the Java test, as HUB_ADMIN_EMAILS would) is named by the second argument.
import { baseUrl, checkAccessibility, expect, person, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);
const admin = { email: process.argv[3] };

await run('administration: suspend an account, read the audit log, reactivate without JavaScript', async (browser) => {
  const spammer = await person('Sid Spammer', unique);

  const live = await signIn(browser, spammer);
  await live.page.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")');

  const { context, page } = await signIn(browser, admin);
  await page.goto(`${baseUrl}/admin`);
  await page.waitForSelector('h1:has-text("Administration")');
  await checkAccessibility(page, 'the administration page');

  await page.click('a:has-text("Accounts")');
  await page.fill('#q', `sid.spammer.${unique}`);
  await page.click('button:has-text("Search")');
  await page.waitForSelector('tbody a:has-text("Sid Spammer")');
  await checkAccessibility(page, 'the accounts page');

  await page.click('tbody a:has-text("Sid Spammer")');
  await page.waitForSelector('h1:has-text("Sid Spammer")');
  await checkAccessibility(page, 'an account page');
  await page.click('button:has-text("Suspend account")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#reason"]:has-text("Enter why the account is suspended")');
  expect((await page.title()).startsWith('Error: '), 'the page title says there is an error');
  await checkAccessibility(page, 'an account page with an error');

  await page.fill('#reason', 'Advertising in every network');
  await page.click('button:has-text("Suspend account")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The account is suspended")');
  await checkAccessibility(page, 'a suspended account page');

  await live.page.waitForURL(/\/sign-in\?signedOut=1$/, { timeout: 15000 });
  expect(true, 'the suspended person\'s open page is signed out at once');
  await live.page.fill('#email', spammer.email);
  await live.page.fill('#password', 'quartz lantern meadow 58');
  await live.page.click('button[type=submit]:has-text("Sign in")');
  await live.page.waitForSelector('.nhsuk-error-summary:has-text("Advertising in every network")');
  expect(true, 'signing in says the account is suspended and why');
  await checkAccessibility(live.page, 'the sign-in page for a suspended account');
  await live.context.close();

  await page.goto(`${baseUrl}/admin/audit?action=account`);
  await page.waitForSelector('td:has-text("account.suspended")');
  await checkAccessibility(page, 'the audit log page');
  await page.goto(`${baseUrl}/admin/audit?from-day=31&from-month=2&from-year=2027`);
  await page.waitForSelector('.nhsuk-error-summary a[href="#from"]');
  await checkAccessibility(page, 'the audit log page with an error');
  await page.goto(`${baseUrl}/admin/network-requests`);
  await page.waitForSelector('h1:has-text("Requests for new networks")');
  await checkAccessibility(page, 'the requests for new networks page');
  await page.goto(`${baseUrl}/network-requests`);
  await checkAccessibility(page, 'the page for asking for a network');

  await page.goto(`${baseUrl}/admin`);
  await page.click('a:has-text("Networks under a legal hold")');
  await page.waitForSelector('h2 a:has-text("Browser inquiry network")');
  await checkAccessibility(page, 'the networks under a legal hold page');
  const [held] = await Promise.all([page.waitForEvent('download'),
    page.click('a[download]:has-text("Download the records")')]);
  expect(/^browser-inquiry-records-\d{4}-\d{2}-\d{2}\.zip$/.test(held.suggestedFilename()),
    'an administrator downloads a held network\'s records from the legal holds page');
  await page.goto(`${baseUrl}/admin`);
  await page.click('a[href="/admin/networks"]');
  await page.fill('#q', 'browser inquiry');
  await page.click('button:has-text("Search")');
  await page.waitForSelector('li:has-text("Browser inquiry network") .nhsuk-tag:has-text("Legal hold")');
  await checkAccessibility(page, 'the networks page');
  await context.close();

  const noScript = await signIn(browser, admin, { javaScriptEnabled: false });
  await noScript.page.goto(`${baseUrl}/admin/accounts?q=${encodeURIComponent(`sid.spammer.${unique}`)}`);
  await noScript.page.click('tbody a:has-text("Sid Spammer")');
  await noScript.page.click('button:has-text("Reactivate account")');
  await noScript.page.waitForSelector('.nhsuk-notification-banner:has-text("The account can be used again")');
  await checkAccessibility(noScript.page, 'a reactivated account page without JavaScript');
  await noScript.context.close();

  const back = await signIn(browser, spammer);
  expect(back.page.url() === `${baseUrl}/`, 'a reactivated person signs in again');
  await back.context.close();
});
