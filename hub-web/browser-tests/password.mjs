// Forgotten password through the pages: ask for a link, follow the emailed link (handed over by the Java test
// from the outbox), choose a new password, sign in; then change it again. axe checks every page.
import { existsSync, readFileSync } from 'node:fs';
import { baseUrl, checkAccessibility, expect, newContext, run, testPassword } from './browser.mjs';

const email = process.argv[3];
const mailbox = process.argv[4];
const resetPassword = 'violet harbour compass 31';
const changedPassword = 'copper willow tundra 64';

async function emailedLink() {
  for (let i = 0; i < 200; i++) {
    if (existsSync(mailbox) && readFileSync(mailbox, 'utf8').length > 0) {
      return readFileSync(mailbox, 'utf8');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no reset email arrived');
}

run('password reset and change', async (browser) => {
  // Without JavaScript: the whole reset journey is plain forms.
  const plain = await newContext(browser, { javaScriptEnabled: false });
  const page = await plain.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.click('a:has-text("Forgotten your password?")');
  await page.waitForSelector('h1:has-text("Reset your password")');
  await checkAccessibility(page, 'the forgotten password page without JavaScript');

  await page.fill('#email', 'not an address');
  await page.click('button[type=submit]:has-text("Send the link")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#email"]');
  expect(await page.inputValue('#email') === 'not an address', 'a malformed address is kept and reported');
  await checkAccessibility(page, 'the forgotten password page with an error');

  await page.fill('#email', email);
  await page.click('button[type=submit]:has-text("Send the link")');
  await page.waitForSelector('h1:has-text("Check your email")');
  await checkAccessibility(page, 'the check your email page');

  const link = await emailedLink();
  await page.goto(`${baseUrl}${link}`);
  await page.waitForSelector('h1:has-text("Choose a new password")');
  await checkAccessibility(page, 'the choose a new password page');

  await page.fill('#password', 'password123456');
  await page.click('button[type=submit]:has-text("Save new password")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#password"]');
  expect((await page.textContent('#password-error')).includes('too easy to guess'), 'a common password is refused with the reason on the field');
  await checkAccessibility(page, 'the choose a new password page with an error');

  await page.fill('#password', resetPassword);
  await page.click('button[type=submit]:has-text("Save new password")');
  await page.waitForSelector('h1:has-text("Your password has been changed")');
  await checkAccessibility(page, 'the password reset confirmation');

  await page.goto(`${baseUrl}${link}`);
  await page.waitForSelector('h1:has-text("This link cannot be used")');
  expect(true, 'the link works only once');
  await checkAccessibility(page, 'the used link page');

  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', testPassword);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForSelector('.nhsuk-error-summary');
  expect(true, 'the old password no longer signs in');
  await page.fill('#password', resetPassword);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForURL(`${baseUrl}/`);
  expect(true, 'the new password signs in');
  await plain.close();

  // With JavaScript: the change password page, including its show-password buttons.
  const scripted = await newContext(browser);
  const other = await scripted.newPage();
  await other.goto(`${baseUrl}/sign-in?returnTo=%2Faccount%2Fpassword`);
  await other.fill('#email', email);
  await other.fill('#password', resetPassword);
  await other.click('button[type=submit]:has-text("Sign in")');
  await other.waitForSelector('h1:has-text("Change your password")');
  await checkAccessibility(other, 'the change password page with JavaScript');

  await other.fill('#currentPassword', 'not my password');
  await other.fill('#newPassword', changedPassword);
  await other.click('button[type=submit]:has-text("Change password")');
  await other.waitForSelector('.nhsuk-error-summary a[href="#currentPassword"]');
  await checkAccessibility(other, 'the change password page with an error');

  await other.fill('#currentPassword', resetPassword);
  await other.fill('#newPassword', changedPassword);
  await other.click('button[type=submit]:has-text("Change password")');
  await other.waitForSelector('h1:has-text("Your password has been changed")');
  await checkAccessibility(other, 'the password changed confirmation');
  await scripted.close();
});
