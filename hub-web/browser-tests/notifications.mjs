// The notifications badge in two browsers: A mentions B; B's open page changes its header badge live; B opens
// the notification from the notifications page (which marks it read) and the badge in B's other tab clears
// without reload. Every page on the way is checked with axe.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('live notifications badge', async (browser) => {
  const author = await register('Ann Author', unique);
  const reader = await register('Ben Reader', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: author.token, body: { name: `Notified network ${unique}`, slug: `notified-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${network.id}/members`, { method: 'POST', token: author.token, body: { email: reader.email, role: 'member' } });
  const thread = await api(`/api/networks/${network.id}/threads`, {
    method: 'POST', token: author.token, body: { title: 'Waiting times', body: 'Opening words' },
  });

  const { context, page: first } = await signIn(browser, reader);
  await first.goto(`${baseUrl}/notifications`);
  await first.waitForSelector('body[data-hub-live="open"]');
  expect(await first.isHidden('[data-unread-badge]'), 'no unread notifications: no count in the header');
  await checkAccessibility(first, 'the empty notifications page');
  const second = await context.newPage();
  await second.goto(`${baseUrl}/networks/${network.slug}`);
  await second.waitForSelector('body[data-hub-live="open"]');

  await api(`/api/threads/${thread.id}/posts`, { method: 'POST', token: author.token, body: { body: 'Over to you, @[Ben Reader]' } });
  const mentioned = Date.now();
  await first.waitForSelector('[data-unread-badge]:not([hidden]) [data-unread-count]:has-text("1")', { timeout: 5000 });
  await second.waitForSelector('[data-unread-badge]:not([hidden]) [data-unread-count]:has-text("1")', { timeout: 5000 });
  expect(true, `both of B's tabs show 1 unread within ${Date.now() - mentioned} ms, without reload`);
  const spoken = (await first.textContent('[data-notifications-link]')).replace(/\s+/g, ' ').trim();
  expect(spoken === 'Notifications, 1 unread', `the link reads "${spoken}" to a screen reader`);
  await checkAccessibility(second, 'a network page with the badge');

  await first.reload();
  await first.waitForSelector('[data-notification-id][data-unread]');
  await checkAccessibility(first, 'the notifications page with an unread notification');
  await first.click('[data-notification-id] a:has-text("Ann Author mentioned you in Waiting times")');
  await first.waitForSelector('h1:has-text("Waiting times")');
  expect(first.url().includes(`/threads/${thread.id}`), 'opening the notification leads to the post');
  await checkAccessibility(first, 'the thread page with its watch controls');
  await second.waitForSelector('[data-unread-badge][hidden]', { state: 'attached', timeout: 5000 });
  expect(true, "the badge clears in B's other tab without reload");
});
