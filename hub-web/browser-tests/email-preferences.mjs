// Email from the hub: the preferences page and the one-click unsubscribe pages, without JavaScript (plain forms),
// then the preferences page with JavaScript. The Java test hands over the person and the unsubscribe path from
// an email it had the hub send. axe checks every page.
import { baseUrl, checkAccessibility, expect, newContext, run } from './browser.mjs';

const email = process.argv[3];
const password = process.argv[4];
const unsubscribePath = process.argv[5];

async function signedIn(browser, options) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in?returnTo=%2Faccount%2Femail`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForSelector('h1:has-text("Email from the hub")');
  return { context, page };
}

run('email preferences and unsubscribe', async (browser) => {
  // Unsubscribing needs no sign-in: the link from the email is enough.
  const mailApp = await newContext(browser, { javaScriptEnabled: false });
  const link = await mailApp.newPage();
  await link.goto(`${baseUrl}${unsubscribePath}`);
  await link.waitForSelector('h1:has-text("Stop emails about mentions of you")');
  await checkAccessibility(link, 'the unsubscribe confirmation page');
  await link.click('button[type=submit]:has-text("Stop these emails")');
  await link.waitForSelector('h1:has-text("You will not get emails about mentions of you")');
  await checkAccessibility(link, 'the unsubscribed page');
  await link.goto(`${baseUrl}/unsubscribe/not-a-token`);
  await link.waitForSelector('h1:has-text("This link cannot be used")');
  await checkAccessibility(link, 'the unknown unsubscribe link page');
  await mailApp.close();

  const plain = await signedIn(browser, { javaScriptEnabled: false });
  expect(await plain.page.isChecked('input[name=mentions][value=off]'), 'the unsubscribe turned mentions off');
  await checkAccessibility(plain.page, 'the email preferences page without JavaScript');
  await plain.page.check('input[name=replies][value=weekly]');
  await plain.page.selectOption('#digestHour', '18');
  await plain.page.selectOption('#timeZone', 'Europe/Dublin');
  await plain.page.click('button[type=submit]:has-text("Save email choices")');
  await plain.page.waitForSelector('.nhsuk-notification-banner--success');
  expect(await plain.page.isChecked('input[name=replies][value=weekly]'), 'weekly replies were saved');
  expect(await plain.page.inputValue('#digestHour') === '18', 'the digest time was saved');
  await checkAccessibility(plain.page, 'the email preferences page after saving');
  await plain.context.close();

  const scripted = await signedIn(browser, {});
  await checkAccessibility(scripted.page, 'the email preferences page with JavaScript');
  expect(await scripted.page.inputValue('#timeZone') === 'Europe/Dublin', 'the time zone was saved');
  await scripted.context.close();
});
