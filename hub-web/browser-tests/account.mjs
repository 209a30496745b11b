// The "Your account" page on a desktop browser and on a 390-pixel phone, with JavaScript on and off: the sign-ins
// are listed with "This device" marked, signing out another device ends it (and sends that device's open page to
// the sign-in page), and "Sign out everywhere else" leaves only this one. axe checks every state.
import { api, baseUrl, checkAccessibility, expect, person, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);
const iPhone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)'
  + ' Version/17.5 Mobile/15E148 Safari/604.1';

async function rows(page) {
  return page.$$eval('[data-sign-ins] .nhsuk-summary-list__row', (all) => all.map((row) => row.textContent.replace(/\s+/g, ' ').trim()));
}

run('your account page', async (browser) => {
  const who = await person('Aisha Account', unique);

  // the desktop: signed in with JavaScript, reaching the page from the header link
  const desktop = await signIn(browser, who);
  await desktop.page.click('.nhsuk-header__account a[href="/account"]');
  await desktop.page.waitForSelector('h1:has-text("Your account")');
  expect(true, 'the header links signed-in people to their account');
  await checkAccessibility(desktop.page, 'the account page on a desktop with JavaScript');
  // the home page says when its live connection is up; that connection is what signing out elsewhere must end
  await desktop.page.goto(`${baseUrl}/`);
  await desktop.page.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")', { timeout: 5000 });

  // the phone: 390 pixels wide, JavaScript off
  const phone = await signIn(browser, who, { javaScriptEnabled: false, userAgent: iPhone, viewport: { width: 390, height: 844 } });
  await phone.page.goto(`${baseUrl}/account`);
  await checkAccessibility(phone.page, 'the account page on a phone without JavaScript');
  const listed = await rows(phone.page);
  expect(listed.length === 3, `three sign-ins are listed: ${JSON.stringify(listed)}`);
  expect(listed[0].startsWith('Safari on iPhone This device'), 'the phone is first and marked as this device');
  expect(listed.some((row) => /^Chrome on Linux Signed in \d{1,2} \w+ \d{4} at \d{1,2}(:\d{2})?(am|pm)/.test(row)),
    'the desktop is listed with when it signed in, in words');
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 390, `the page fits the phone without sideways scrolling (${width} pixels)`);

  // signing out the desktop from the phone: the desktop's open page is sent to sign in
  await phone.page.click('[data-sign-ins] .nhsuk-summary-list__row:has-text("Chrome on Linux") button:has-text("Sign out")');
  await phone.page.waitForSelector('.nhsuk-notification-banner:has-text("You have signed out of that device")');
  expect((await rows(phone.page)).length === 2, 'the desktop is no longer listed');
  await checkAccessibility(phone.page, 'the account page after signing out another device, on a phone');
  await desktop.page.waitForURL(/\/sign-in\?signedOut=1$/, { timeout: 15000 });
  expect(true, 'the signed-out desktop page returns to the sign-in page at once');
  await desktop.page.goto(`${baseUrl}/account`);
  await desktop.page.waitForURL(/\/sign-in\?returnTo=%2Faccount$/);
  expect(true, 'the desktop is signed out: the account page asks it to sign in');

  // sign out everywhere else: the API sign-in made by person() goes too
  await phone.page.click('button:has-text("Sign out everywhere else")');
  await phone.page.waitForSelector('.nhsuk-notification-banner:has-text("You have signed out everywhere else")');
  expect((await rows(phone.page)).length === 1, 'only this device is left');
  expect(await phone.page.isVisible('text=You are not signed in anywhere else'), 'the page says so');
  await checkAccessibility(phone.page, 'the account page with one sign-in, on a phone');
  let refused = false;
  try {
    await api('/api/me', { token: who.token });
  } catch (error) {
    refused = /-> 401/.test(error.message);
  }
  expect(refused, 'the other sign-in\'s token is refused');

  // the desktop again, without JavaScript this time, at full width
  const again = await signIn(browser, who, { javaScriptEnabled: false });
  await again.page.goto(`${baseUrl}/account`);
  await checkAccessibility(again.page, 'the account page on a desktop without JavaScript');
  await again.context.close();
  await phone.context.close();
  await desktop.context.close();
});
