// Single sign-on in a browser: the sign-in page offers the provider, a sign-in goes through the provider and back
// signed in, and a callback this browser did not start is refused with a page saying why. Axe on each page.
import { checkAccessibility, expect, newContext, run } from './browser.mjs';

const ssoBase = process.argv[3];

run('single sign-on', async (browser) => {
  const context = await newContext(browser);
  const page = await context.newPage();

  await page.goto(`${ssoBase}/sign-in`);
  await checkAccessibility(page, 'the sign-in page offering NHSmail');
  await page.click('a:has-text("Sign in with NHSmail")');
  await page.waitForSelector('button:has-text("Sign out")');
  expect(new URL(page.url()).origin === new URL(ssoBase).origin, `back at the hub after the provider (${page.url()})`);
  await checkAccessibility(page, 'the first page after signing in with NHSmail');

  const other = await (await newContext(browser)).newPage();
  await other.goto(`${ssoBase}/auth/oidc/callback?state=started-elsewhere&code=stolen`);
  await other.waitForSelector('h1:has-text("Sign-in did not complete")');
  expect(await other.isVisible('a:has-text("Go to the sign-in page")'), 'the refusal offers a way back');
  await checkAccessibility(other, 'the page refusing a sign-in');
});
