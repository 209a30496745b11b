// Discussions in two real browsers: A starts a discussion with a preview and posts; B's open page shows each
// post within a second without reload, sees who else is reading, and, after B's connection is cut while A posts
// three times, shows all three exactly once and in order once it reconnects. Then a refused post keeps the draft,
// a reply carries a paper uploaded by keyboard alone, and the search page finds what was said.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('live threaded discussions', async (browser) => {
  const author = await register('Ada Author', unique);
  const reader = await register('Rob Reader', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: author.token, body: { name: `Discussion network ${unique}`, slug: `discussions-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${network.id}/members`, { method: 'POST', token: author.token, body: { email: reader.email, role: 'member', roleTitle: 'Lead nurse' } });

  const { page } = await signIn(browser, author);
  await page.goto(`${baseUrl}/networks/${network.slug}/discussions`);
  await checkAccessibility(page, 'the discussion list');
  await page.click('a:has-text("Start a discussion")');
  await page.fill('#title', 'Faster diagnosis standard');
  await page.fill('#body', 'How are you meeting the **28-day** standard? @[Lead nurse]');
  await page.click('button:has-text("Preview")');
  await page.waitForSelector('[data-preview-body] strong:has-text("28-day")');
  expect(true, 'the preview shows the markdown as it will be posted');
  await checkAccessibility(page, 'the new discussion form with a preview');
  await page.click('button:has-text("Start discussion")');
  await page.waitForSelector('h1:has-text("Faster diagnosis standard")');
  const threadUrl = page.url().replace(/\?.*$/, '');
  await page.waitForSelector('body[data-hub-live="open"]');
  await checkAccessibility(page, 'the thread page');

  // Mentions as people type them: suggestions of the network's members and role titles, chosen by keyboard.
  await page.click('#body');
  await page.keyboard.type('Over to @rob');
  await page.waitForSelector('[role="listbox"] [role="option"][aria-selected="true"]:has-text("Rob Reader")');
  expect(await page.getAttribute('#body', 'aria-activedescendant') !== null, 'typing @rob suggests Rob Reader, ready for the keyboard');
  await checkAccessibility(page, 'the composer with mention suggestions');
  await page.keyboard.press('Enter');
  expect(await page.inputValue('#body') === 'Over to @Rob Reader ', `Enter writes the whole name (${await page.inputValue('#body')})`);
  await page.keyboard.type('and @lead n');
  await page.waitForSelector('[role="option"]:has-text("Lead nurse")');
  await page.keyboard.press('Escape');
  expect(await page.isHidden('[role="listbox"]'), 'Escape closes the suggestions');
  await page.keyboard.type('urse, thoughts?');
  await page.click('button[value="post"]');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("Your post has been added")');
  const mentioned = await page.textContent('article:has-text("Over to") [data-post-body]');
  expect(mentioned.trim() === 'Over to Rob Reader and Lead nurse, thoughts?', `a mention shows as the name (${mentioned.trim()})`);

  // The reader's live connection goes through the test, so that it can be cut like a dropped network.
  const { page: other } = await signIn(browser, reader);
  let blocked = false;
  const sockets = [];
  await other.routeWebSocket(/\/eventbus\//, (ws) => {
    if (blocked) {
      ws.close();
      return;
    }
    sockets.push({ ws, server: ws.connectToServer() });
  });
  await other.route('**/eventbus/**', (route) => (blocked ? route.abort() : route.continue()));
  await other.goto(threadUrl);
  await other.waitForSelector('body[data-hub-live="open"]');
  await page.waitForSelector('[data-presence]:has-text("Also reading now: Rob Reader")', { timeout: 5000 });
  expect(true, "the author sees that the reader is viewing the thread");

  await page.fill('#body', 'Our rapid diagnostic centre opened in March.');
  await page.click('button[value="post"]');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("Your post has been added")');
  const posted = Date.now();
  await other.waitForSelector('article:has-text("Our rapid diagnostic centre opened in March.")', { timeout: 1000 });
  expect(true, `the reader's open page shows the new post without reload (${Date.now() - posted} ms after it was accepted)`);

  // The post added live is the post a reload shows: same time format, reaction buttons and actions.
  const sameAsServed = (html) => html.replace(/ hub-post--new/g, '').replace(/name="csrf" value="[^"]*"/g, 'name="csrf"').replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
  const liveId = await other.$eval('article:has-text("Our rapid diagnostic centre opened in March.")', (node) => node.id);
  const live = sameAsServed(await other.$eval(`#${liveId}`, (node) => node.outerHTML));
  const { context: again, page: reloaded } = await signIn(browser, reader);
  await reloaded.goto(`${threadUrl}?start=1`);
  const served = sameAsServed(await reloaded.$eval(`#${liveId}`, (node) => node.outerHTML));
  expect(live === served, `the post added live is exactly the post after a reload\n live:   ${live}\n served: ${served}`);
  expect(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}(:\d\d)?(am|pm)|midday|midnight/.test(await other.$eval(`#${liveId} .hub-post__when`, (n) => n.textContent)),
    'the live post\'s time is in the house style');
  await again.close();

  // Cut the reader's connection and post three times meanwhile.
  blocked = true;
  sockets.splice(0).forEach(({ ws, server }) => {
    server.close();
    ws.close();
  });
  await other.waitForSelector('body[data-hub-live="closed"]', { timeout: 10000 });
  const threadId = threadUrl.split('/').pop();
  for (const text of ['Missed one', 'Missed two', 'Missed three']) {
    await api(`/api/threads/${threadId}/posts`, { method: 'POST', token: author.token, body: { body: text } });
  }
  blocked = false;
  await other.waitForSelector('article:has-text("Missed three")', { timeout: 15000 });
  const bodies = await other.$$eval('article [data-post-body]', (nodes) => nodes.map((node) => node.textContent.trim()));
  const missed = bodies.filter((text) => text.startsWith('Missed'));
  expect(JSON.stringify(missed) === JSON.stringify(['Missed one', 'Missed two', 'Missed three']),
    `after reconnecting the three missed posts appear once each, in order (${JSON.stringify(missed)})`);
  await checkAccessibility(other, 'the thread page with live posts');

  // A reply that is refused keeps what was typed.
  await other.goto(`${threadUrl}?post=&replyTo=`);
  await other.fill('#body', 'x'.repeat(20001));
  await other.click('button[value="post"]');
  await other.waitForSelector('.nhsuk-error-summary:has-text("the most is 20,000")');
  expect((await other.inputValue('#body')).length === 20001, 'a refused post keeps the draft in the box');
  await checkAccessibility(other, 'the thread page with an error');
  await other.fill('#body', 'Reply from the reader');
  await other.click('button[value="post"]');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("Your post has been added")');

  await other.click('article:has-text("Reply from the reader") a:has-text("Edit")');
  await checkAccessibility(other, 'the edit form');
  await other.fill('#body', 'Reply from the reader, corrected for ');
  await other.focus('#body');
  await other.keyboard.press('End');
  await other.keyboard.type('@lead n');
  await other.waitForSelector('[role="listbox"] [role="option"]:has-text("Lead nurse")');
  await checkAccessibility(other, 'the edit form with mention suggestions');
  await other.keyboard.press('Escape');
  await other.fill('#body', 'Reply from the reader, corrected');
  await other.click('button:has-text("Save changes")');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("Your post has been changed")');
  await other.click('article:has-text("Reply from the reader, corrected") a:has-text("edited")');
  await other.waitForSelector('h1:has-text("Edit history")');
  expect(await other.isVisible('p:has-text("Reply from the reader")'), 'the history shows the earlier text');
  await checkAccessibility(other, 'the edit history');

  // A reply with a paper: the file input reached and chosen by keyboard alone, uploaded into the network's library
  // with the reply, listed on the post for the author's open page live and for the reader after the reload.
  await other.goto(`${threadUrl}?post=&replyTo=`);
  await other.fill('#body', 'The pathway paper is attached');
  await other.focus('#body');
  await other.keyboard.press('Tab');
  const fileInput = await other.evaluateHandle(() => document.activeElement);
  expect(await fileInput.evaluate((node) => node.id) === 'file', 'Tab from the message reaches the file input');
  // the system's file dialog is outside the page, so the file is given to the input the keyboard reached, as the
  // library's keyboard-only upload does (waiting for the dialog to open by keyboard was not reliable headless)
  await fileInput.asElement().setInputFiles({ name: 'pathway.txt', mimeType: 'text/plain', buffer: Buffer.from('The diagnostic pathway, step by step') });
  await checkAccessibility(other, 'the reply form with a file chosen');
  await other.focus('button[value="post"]');
  await other.keyboard.press('Enter');
  await other.waitForSelector('.nhsuk-notification-banner:has-text("Your post has been added")');
  await other.waitForSelector('article:has-text("The pathway paper is attached") [data-post-papers] a:has-text("pathway.txt")');
  expect(true, 'the reply shows its paper after the page reloads');
  await page.waitForSelector('article:has-text("The pathway paper is attached") [data-post-papers] a:has-text("pathway.txt")', { timeout: 5000 });
  expect(true, "the author's open page shows the reply's paper live");
  const paperPostId = await page.$eval('article:has-text("The pathway paper is attached")', (node) => node.id);
  // the papers only: the rest of a live post is compared above, and its Reply link names the page's own first post
  const livePaperPost = sameAsServed(await page.$eval(`#${paperPostId} [data-post-papers]`, (node) => node.outerHTML));
  const { context: authorAgain, page: authorReloaded } = await signIn(browser, author);
  await authorReloaded.goto(`${threadUrl}?start=1`);
  const servedPaperPost = sameAsServed(await authorReloaded.$eval(`#${paperPostId} [data-post-papers]`, (node) => node.outerHTML));
  expect(livePaperPost === servedPaperPost, `a post's papers added live are exactly those after a reload\n live:   ${livePaperPost}\n served: ${servedPaperPost}`);
  await authorAgain.close();
  const href = await other.getAttribute('article:has-text("The pathway paper is attached") [data-post-papers] a', 'href');
  const downloaded = await other.evaluate(async (url) => (await fetch(url)).text(), href);
  expect(downloaded === 'The diagnostic pathway, step by step', 'the paper downloads as uploaded');
  await checkAccessibility(other, 'the thread page with a paper on a post');

  // Someone from the network above may read a discussion below but not react: the reactions others give and take
  // back still reach their open page live, as a reload would show them.
  const overseer = await register('Olive Overseer', unique);
  const region = await api('/api/networks', {
    method: 'POST', token: overseer.token, body: { name: `Region ${unique}`, slug: `region-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${region.id}/members`, { method: 'POST', token: overseer.token, body: { email: author.email, role: 'organiser' } });
  const local = await api('/api/networks', {
    method: 'POST', token: author.token, body: { name: `Local ${unique}`, slug: `local-${unique}`, visibility: 'private', parentId: region.id },
  });
  const clinic = await api(`/api/networks/${local.id}/threads`, { method: 'POST', token: author.token, body: { title: 'Clinic times', body: 'Proposed clinic times' } });
  const { page: above } = await signIn(browser, overseer);
  await above.goto(`${baseUrl}/threads/${clinic.id}`);
  await above.waitForSelector('body[data-hub-live="open"]');
  // the author opening the thread too shows once the overseer's page is registered for its live events
  await page.goto(`${baseUrl}/threads/${clinic.id}`);
  await above.waitForSelector('[data-presence]:has-text("Also reading now: Ada Author")', { timeout: 5000 });
  const thanks = `#post-${clinic.firstPost.id} [data-reaction="thanks"]`;
  expect(await above.isHidden(thanks) && (await above.$$(`#post-${clinic.firstPost.id} [data-reactions] button`)).length === 0,
    'someone who may only read sees no reaction buttons, and no reaction nobody has given');
  await api(`/api/posts/${clinic.firstPost.id}/reactions`, { method: 'POST', token: author.token, body: { reaction: 'thanks' } });
  await above.waitForSelector(`${thanks}:has-text("Thanks 1")`, { state: 'visible', timeout: 5000 });
  expect(true, "a reaction given reaches the reader's open page live");
  await checkAccessibility(above, 'a thread page read from the network above, with a reaction added live');
  await api(`/api/posts/${clinic.firstPost.id}/reactions`, { method: 'POST', token: author.token, body: { reaction: 'thanks', active: false } });
  await above.waitForSelector(thanks, { state: 'hidden', timeout: 5000 });
  expect(true, 'taken back, it leaves their open page live');

  await other.goto(`${baseUrl}/search?q=diagnostic`);
  await checkAccessibility(other, 'the search page');
  expect(await other.isVisible('mark:has-text("diagnostic")'), 'search marks the matching word');
});
