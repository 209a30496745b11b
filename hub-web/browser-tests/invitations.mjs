// "Your invitations" in a real browser: someone invited to two private networks they cannot see yet follows the
// link from their home page, accepts one invitation (landing on the network) and declines the other. The test
// that runs this script sends the invitations and passes the invitee's address. Every page is checked with axe.
import { baseUrl, checkAccessibility, expect, run, signIn } from './browser.mjs';

const [, , , email, joining, declining] = process.argv;

await run('your invitations', async (browser) => {
  const { page } = await signIn(browser, { email });
  await page.click('a:has-text("Your invitations to join networks")');
  await page.waitForSelector('h1:has-text("Your invitations")');
  await checkAccessibility(page, 'your invitations, two waiting');
  expect(await page.isVisible(`h2:has-text("${joining}")`) && await page.isVisible(`h2:has-text("${declining}")`),
    'both invitations are listed');

  await page.click(`li:has(h2:has-text("${joining}")) button:has-text("Accept")`);
  await page.waitForSelector(`h1:has-text("${joining}")`);
  expect(true, 'accepting leads to the network page, now open to them');
  await checkAccessibility(page, 'the network just joined');

  await page.goto(`${baseUrl}/invitations`);
  await page.click(`li:has(h2:has-text("${declining}")) button:has-text("Decline")`);
  await page.waitForSelector('text=Invitation declined');
  expect(await page.isVisible('text=You have no invitations waiting'), 'nothing is left waiting');
  await checkAccessibility(page, 'your invitations after declining');
});
