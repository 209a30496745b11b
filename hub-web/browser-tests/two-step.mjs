// Sets up two-step sign-in through the pages, signs out, and signs in again with a code, with axe on each page.
import { createHmac } from 'node:crypto';
import { baseUrl, checkAccessibility, expect, person, run, signIn, testPassword } from './browser.mjs';

const unique = Date.now().toString(36);

/** RFC 4648 base32, as the setup key is written. */
function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const character of text.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(character).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) {
    bytes.push(parseInt(bits.slice(i, i + 8), 2));
  }
  return Buffer.from(bytes);
}

/** The code an authenticator app shows at a 30-second step (RFC 6238 over RFC 4226, SHA-1, 6 digits). */
function codeAt(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return number.toString().padStart(6, '0');
}

/** The current step, after waiting out the end of a step so the code stays valid while it is typed. */
async function steadyStep() {
  const into = Date.now() % 30_000;
  if (into > 25_000) {
    await new Promise((resolve) => setTimeout(resolve, 30_000 - into + 200));
  }
  return Math.floor(Date.now() / 30_000);
}

run('two-step sign-in', async (browser) => {
  const who = await person('Tina Two Step', unique);
  const { context, page } = await signIn(browser, who, { javaScriptEnabled: false });

  await page.goto(`${baseUrl}/account/two-step`);
  await checkAccessibility(page, 'the two-step page while it is off');
  await page.click('button[type=submit]:has-text("Set up two-step sign-in")');
  await page.waitForSelector('#setup-key');
  expect((await page.$('svg[role=img] > title')) !== null && await page.isVisible('svg[role=img]'), 'the QR code is drawn with a text alternative');
  await checkAccessibility(page, 'the two-step set-up page');
  const secret = (await page.textContent('#setup-key')).trim();

  await page.fill('#code', '123');
  await page.click('button[type=submit]:has-text("Turn on two-step sign-in")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#code"]');
  expect(true, 'a wrong code is shown in the error summary');
  await checkAccessibility(page, 'the two-step set-up page with an error');

  const step = await steadyStep();
  await page.fill('#code', codeAt(secret, step - 1));
  await page.click('button[type=submit]:has-text("Turn on two-step sign-in")');
  await page.waitForSelector('.hub-recovery-codes');
  expect((await page.$$('.hub-recovery-codes li')).length === 10, 'ten recovery codes are shown once');
  await checkAccessibility(page, 'the recovery codes page');

  await page.goto(`${baseUrl}/`);
  await page.click('button:has-text("Sign out")');
  await page.waitForSelector('text=You have signed out');

  await page.fill('#email', who.email);
  await page.fill('#password', testPassword);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForSelector('h1:has-text("Enter the code from your authenticator app")');
  expect(true, 'the password is followed by a step asking for the code');
  await checkAccessibility(page, 'the sign-in code page');

  await page.fill('#code', codeAt(secret, await steadyStep()));
  await page.click('button[type=submit]:has-text("Continue")');
  await page.waitForURL(`${baseUrl}/`);
  expect(true, 'the code from the app signs the person in');
  await context.close();
});
