// Moderation: a member reports a post from its "Report" link (the error summary first, then the report); an
// organiser hides it from the network's reports page; a reader whose thread page is open sees it hidden at once,
// without reloading; the author still sees their own text.
import { api, baseUrl, checkAccessibility, expect, person, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('moderation: report a post, hide it, and an open page sees it hidden live', async (browser) => {
  const organiser = await person('Ola Organiser', unique);
  const member = await person('Meg Member', unique);
  const reader = await person('Rae Reader', unique);
  const author = await person('Art Author', unique);
  const slug = `moderation-${unique}`;
  const network = await api('/api/networks', { method: 'POST', token: organiser.token,
    body: { name: 'Moderation network', slug, visibility: 'private' } });
  for (const who of [member, reader, author]) {
    await api(`/api/networks/${network.id}/members`, { method: 'POST', token: organiser.token,
      body: { email: who.email, role: 'member' } });
  }
  const thread = await api(`/api/networks/${network.id}/threads`, { method: 'POST', token: author.token,
    body: { title: 'Rota swaps', body: 'Call me on my personal mobile about the rota' } });
  const postId = thread.firstPost.id;

  const open = await signIn(browser, reader);
  await open.page.goto(`${baseUrl}/threads/${thread.id}`);
  await open.page.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")');
  expect(await open.page.isVisible(`#post-${postId} :text("personal mobile")`), 'the reader sees the post at first');

  const reporting = await signIn(browser, member);
  await reporting.page.goto(`${baseUrl}/threads/${thread.id}`);
  await reporting.page.click(`#post-${postId} a:has-text("Report")`);
  await reporting.page.waitForSelector('h1:has-text("Report a post")');
  await checkAccessibility(reporting.page, 'the report a post page');
  await reporting.page.selectOption('#category', 'personal-information');
  await reporting.page.click('button:has-text("Send report")');
  await reporting.page.waitForSelector('.nhsuk-error-summary a[href="#reason"]');
  expect((await reporting.page.title()).startsWith('Error: '), 'the page title says there is an error');
  expect(await reporting.page.inputValue('#category') === 'personal-information', 'the chosen category is kept');
  await checkAccessibility(reporting.page, 'the report a post page with an error');
  await reporting.page.fill('#reason', 'Shares a personal phone number');
  await reporting.page.click('button:has-text("Send report")');
  await reporting.page.waitForSelector('h1:has-text("Report sent")');
  await checkAccessibility(reporting.page, 'the report sent page');
  await reporting.context.close();

  const moderating = await signIn(browser, organiser);
  await moderating.page.goto(`${baseUrl}/networks/${slug}`);
  await moderating.page.click('a:has-text("Reported posts")');
  await moderating.page.waitForSelector('text=Shares a personal phone number');
  await checkAccessibility(moderating.page, 'the network\'s reports page');
  await moderating.page.fill('textarea[name=reason]', 'Checking with the author');
  await moderating.page.click('button:has-text("Hide the post")');
  await moderating.page.waitForSelector('.nhsuk-notification-banner:has-text("The post is hidden while you review it")');
  await checkAccessibility(moderating.page, 'the reports page after hiding a post');

  await open.page.waitForSelector(`#post-${postId} :text("This post has been hidden while organisers review it.")`,
    { timeout: 5000 });
  expect(!(await open.page.isVisible(`#post-${postId} :text("personal mobile")`)), 'the open page lost the post\'s text live');
  await checkAccessibility(open.page, 'a thread page with a hidden post');

  const own = await signIn(browser, author);
  await own.page.goto(`${baseUrl}/threads/${thread.id}`);
  await own.page.waitForSelector(`#post-${postId} :text("Only you can see this post")`);
  expect(await own.page.isVisible(`#post-${postId} :text("personal mobile")`), 'the author still sees their text');
  await own.context.close();

  // a page opened while the post is hidden has no "Report" on it
  const later = await signIn(browser, member);
  await later.page.goto(`${baseUrl}/threads/${thread.id}`);
  await later.page.waitForSelector('[data-hub-live-status]:has-text("Live updates are on.")');
  expect(!(await later.page.isVisible(`#post-${postId} a:has-text("Report")`)), 'a hidden post offers no "Report"');
  await moderating.page.click('button:has-text("Show the post again")');
  await moderating.page.waitForSelector('.nhsuk-notification-banner:has-text("The post is shown again")');
  for (const [reading, which] of [[open, 'the page open before the hiding'], [later, 'the page opened while hidden']]) {
    await reading.page.waitForSelector(`#post-${postId} :text("personal mobile")`, { timeout: 5000 });
    expect(!(await reading.page.isVisible(`#post-${postId} :text("hidden while organisers review it")`)),
      `${which} no longer says the restored post is hidden`);
    await reading.page.waitForSelector(`#post-${postId} a:has-text("Report")`, { timeout: 5000 });
    expect(true, `${which} offers "Report" on the restored post`);
  }
  await checkAccessibility(later.page, 'a thread page with a restored post');
  await open.context.close();
  await later.context.close();

  await moderating.page.click('button:has-text("Resolve")');
  await moderating.page.waitForSelector('.nhsuk-notification-banner:has-text("The reports are resolved")');
  await moderating.context.close();
});
