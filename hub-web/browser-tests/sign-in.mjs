// Registers, signs out and signs in again through the pages, with JavaScript on and off.
import { baseUrl, checkAccessibility, expect, newContext, run } from './browser.mjs';

const unique = Date.now().toString(36);

async function registerAndSignIn(browser, javaScriptEnabled) {
  const context = await newContext(browser, { javaScriptEnabled });
  const page = await context.newPage();
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  const email = `browser.${javaScriptEnabled ? 'js' : 'nojs'}.${unique}@test.nhs.uk`;
  const password = 'amber kettle orbit 92';

  await page.goto(`${baseUrl}/register`);
  await checkAccessibility(page, `the register page ${mode}`);

  // An empty form is shown again with the NHS.UK error summary.
  await page.click('button[type=submit]:has-text("Create account")');
  await page.waitForSelector('.nhsuk-error-summary');
  expect((await page.title()).startsWith('Error: '), `the page title says there is an error ${mode}`);
  expect(await page.isVisible('.nhsuk-error-summary a[href="#displayName"]'), `the summary links to the name field ${mode}`);
  await checkAccessibility(page, `the register page with errors ${mode}`);

  await page.fill('#displayName', 'Brenda Browser');
  await page.fill('#email', email);
  await page.fill('#organisation', 'Calderdale and Huddersfield NHS Foundation Trust');
  await page.fill('#password', 'short');
  await page.click('button[type=submit]:has-text("Create account")');
  await page.waitForSelector('.nhsuk-error-summary');
  expect(await page.inputValue('#email') === email, `answers are kept when the form is shown again ${mode}`);
  expect(await page.inputValue('#password') === '', `the password is never sent back ${mode}`);

  await page.fill('#password', password);
  await page.click('button[type=submit]:has-text("Create account")');
  await page.waitForSelector('h1:has-text("Welcome, Brenda Browser")');
  expect(true, `registering signs the person in ${mode}`);
  await checkAccessibility(page, `the home page signed in ${mode}`);

  if (javaScriptEnabled) {
    await page.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")', { timeout: 5000 });
    expect(true, 'the signed-in page opens the event-bus bridge');
  }

  await page.click('button:has-text("Sign out")');
  await page.waitForSelector('text=You have signed out');
  expect(true, `signing out returns to the sign-in page ${mode}`);
  await checkAccessibility(page, `the sign-in page ${mode}`);

  await page.fill('#email', email);
  await page.fill('#password', 'the wrong password');
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForSelector('.nhsuk-error-summary:has-text("Email address or password is not correct")');
  expect(true, `a wrong password is reported in the error summary ${mode}`);
  await checkAccessibility(page, `the sign-in page with an error ${mode}`);

  await page.fill('#password', password);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForSelector('h1:has-text("Welcome, Brenda Browser")');
  expect(true, `signing in lands on the home page ${mode}`);
  await context.close();
}

async function signOutReachesOtherTabs(browser) {
  const context = await newContext(browser);
  const first = await context.newPage();
  const email = `browser.tabs.${unique}@test.nhs.uk`;
  await first.goto(`${baseUrl}/register`);
  await first.fill('#displayName', 'Tabitha Tabs');
  await first.fill('#email', email);
  await first.fill('#password', 'amber kettle orbit 92');
  await first.click('button[type=submit]:has-text("Create account")');
  await first.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")');

  const second = await context.newPage();
  await second.goto(`${baseUrl}/`);
  await second.click('button:has-text("Sign out")');
  await first.waitForURL(/\/sign-in\?signedOut=1$/, { timeout: 15000 });
  expect(true, 'signing out in one tab returns the other tabs to the sign-in page');
  await context.close();
}

await run('register and sign in through the pages', async (browser) => {
  await registerAndSignIn(browser, true);
  await registerAndSignIn(browser, false);
  await signOutReachesOtherTabs(browser);
});
