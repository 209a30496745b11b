// "Your data": download everything the hub holds about you, and delete your account, with JavaScript on and off.
import { api, baseUrl, checkAccessibility, expect, person, run, signIn, testPassword } from './browser.mjs';

const unique = Date.now().toString(36);

async function downloadAndDelete(browser, organiser, networkId, javaScriptEnabled) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  const leaver = await person(javaScriptEnabled ? 'Jess Leaving' : 'Nadia Leaving', unique);
  await api(`/api/networks/${networkId}/members`, { method: 'POST', token: organiser.token, body: { email: leaver.email, role: 'member' } });
  const thread = await api(`/api/networks/${networkId}/threads`, {
    method: 'POST', token: leaver.token, body: { title: `Thoughts ${mode}`, body: 'A post that stays after I leave' },
  });
  const { context, page } = await signIn(browser, leaver, { javaScriptEnabled, acceptDownloads: true });

  let liveTab = null;
  if (javaScriptEnabled) {
    liveTab = await context.newPage();
    await liveTab.goto(`${baseUrl}/`);
    await liveTab.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")');
  }

  await page.goto(`${baseUrl}/account/your-data`);
  await checkAccessibility(page, `the your data page ${mode}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download your data")')]);
  expect(/^hub-data-\d{4}-\d{2}-\d{2}\.zip$/.test(download.suggestedFilename()), `the download is a dated ZIP ${mode}`);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  const zip = Buffer.concat(chunks);
  expect(zip.subarray(0, 2).toString() === 'PK' && zip.includes(Buffer.from('posts.json')), `the ZIP holds the posts ${mode}`);

  await page.click('a:has-text("Delete your account")');
  await page.waitForSelector('h1:has-text("Delete your account")');
  expect(await page.isVisible('.nhsuk-warning-callout'), `the confirmation page warns in a callout ${mode}`);
  await checkAccessibility(page, `the delete your account page ${mode}`);

  await page.click('button[type=submit]:has-text("Delete your account")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#password"]:has-text("Enter your password")');
  expect((await page.title()).startsWith('Error: '), `the page title says there is an error ${mode}`);
  await checkAccessibility(page, `the delete your account page with an error ${mode}`);

  await page.fill('#password', 'not my password at all');
  await page.click('button[type=submit]:has-text("Delete your account")');
  await page.waitForSelector('.nhsuk-error-summary:has-text("Password is not correct")');
  expect(await page.inputValue('#password') === '', `the password is never sent back ${mode}`);

  await page.fill('#password', testPassword);
  await page.click('button[type=submit]:has-text("Delete your account")');
  await page.waitForSelector('h1:has-text("Your account has been deleted")');
  expect(!(await page.isVisible('button:has-text("Sign out")')), `deleting signs the person out ${mode}`);
  await checkAccessibility(page, `the account deleted page ${mode}`);

  if (liveTab) {
    await liveTab.waitForURL(/\/account\/deleted$/, { timeout: 5000 });
    expect(true, 'an open page elsewhere is told the account was deleted');
  }
  await context.close();
  return thread.id;
}

await run('your data: download and delete your account', async (browser) => {
  const organiser = await person('Oona Organiser', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: 'Your data network', slug: `your-data-${unique}`, visibility: 'private' },
  });
  const threadId = await downloadAndDelete(browser, organiser, network.id, true);
  await downloadAndDelete(browser, organiser, network.id, false);

  const { context, page } = await signIn(browser, organiser);
  await page.goto(`${baseUrl}/threads/${threadId}`);
  await page.waitForSelector('h2:has-text("A former member")');
  expect(!(await page.content()).includes('Jess Leaving'), 'the post stays under a former member, without the name');

  await page.goto(`${baseUrl}/account/delete`);
  await page.fill('#password', testPassword);
  await page.click('button[type=submit]:has-text("Delete your account")');
  await page.waitForSelector('.nhsuk-error-summary:has-text("You are the only organiser of Your data network")');
  expect(true, 'the only organiser of a network is told to hand it on first');
  await checkAccessibility(page, 'the delete your account page for the only organiser');
  await context.close();
});
