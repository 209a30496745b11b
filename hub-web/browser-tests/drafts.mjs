// Two members of a network have the same draft response open. Priya changes an answer and flags a local risk;
// Tom's open page (on a phone) says at once that she saved it; Tom, who had not reloaded, edits the free text
// and saves: the save is refused in the error summary, his text is kept, and her answers are shown beside his.
import { api, baseUrl, checkAccessibility, expect, newContext, person as register, run, signIn, testPassword } from './browser.mjs';

const unique = Date.now().toString(36);

await run('two people drafting one response', async (browser) => {
  const lead = await register('Dee Lead', unique);
  const central = await register('Cen Central', unique);
  const priya = await register('Priya Shah', unique);
  const tom = await register('Tom Reid', unique);
  const region = await api('/api/networks', {
    method: 'POST', token: lead.token, body: { name: `Region ${unique}`, slug: `region-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${region.id}/members`, { method: 'POST', token: lead.token, body: { email: central.email, role: 'central' } });
  const leeds = await api('/api/networks', {
    method: 'POST', token: lead.token, body: { name: `Leeds ${unique}`, slug: `leeds-${unique}`, visibility: 'private', parentId: region.id },
  });
  for (const who of [priya, tom]) {
    await api(`/api/networks/${leeds.id}/members`, { method: 'POST', token: lead.token, body: { email: who.email, role: 'member' } });
  }
  const broadcast = await api('/api/broadcasts', {
    method: 'POST', token: central.token, body: {
      networkId: region.id, title: 'Faster diagnosis guidance', body: 'Please read it.',
      targets: { networkIds: [leeds.id] },
      feedback: { mode: 'network', questions: [
        { id: 'ready', type: 'single', label: 'Are you ready?', options: ['Yes', 'No'] },
        { id: 'comments', type: 'text', label: 'Comments', required: false },
        { id: 'risk', type: 'risk', label: 'Is this a local risk?' },
      ] },
    },
  });
  const url = `${baseUrl}/broadcasts/${broadcast.id}`;

  const { page: hers } = await signIn(browser, priya);
  await hers.goto(url);
  await hers.click('label[for="a-ready-0"]');
  await hers.click('label[for="a-risk-1"]');
  await hers.click('button:has-text("Save draft")');
  await hers.waitForSelector('.nhsuk-notification-banner:has-text("The draft response has been saved")');

  const phone = await newContext(browser, { viewport: { width: 390, height: 844 } });
  const his = await phone.newPage();
  await his.goto(`${baseUrl}/sign-in`);
  await his.fill('#email', tom.email);
  await his.fill('#password', testPassword);
  await his.click('button[type=submit]:has-text("Sign in")');
  await his.waitForURL(`${baseUrl}/`);
  await his.goto(url);
  await his.waitForSelector('body[data-hub-live="open"]');
  await his.waitForSelector('[data-hub-saved-address]:has-text("Last saved by Priya Shah")');
  await checkAccessibility(his, 'the draft response on a phone');

  await hers.click('label[for="a-ready-1"]');
  await hers.click('label[for="a-risk-0"]');
  await hers.click('button:has-text("Save draft")');
  await hers.waitForSelector('.nhsuk-notification-banner:has-text("The draft response has been saved")');
  await his.waitForSelector('[data-hub-saved-address]:has-text("reload the page")', { timeout: 3000 });
  expect(true, "Tom's open page says Priya saved a newer draft, without reload");

  await his.fill('#a-comments', 'Our clinics start in March');
  await his.click('button:has-text("Save draft")');
  await his.waitForSelector('.nhsuk-error-summary:has-text("Priya Shah saved this at")');
  expect(await his.inputValue('#a-comments') === 'Our clinics start in March', 'what Tom typed is kept');
  expect(await his.isVisible('#a-risk-theirs:has-text("Priya Shah saved: Yes, this is a local risk")'), "Priya's risk flag is shown beside it");
  expect(await his.isVisible('#a-ready-theirs:has-text("Priya Shah saved: No")'), 'and her answer');
  await checkAccessibility(his, 'the refused save');

  await his.click('label[for="a-ready-1"]');
  await his.click('label[for="a-risk-0"]');
  await his.click('button:has-text("Save draft")');
  await his.waitForSelector('.nhsuk-notification-banner:has-text("The draft response has been saved")');
  await hers.waitForSelector('[data-hub-saved-address]:has-text("Last saved by Tom Reid")', { timeout: 3000 });
  expect(true, 'saving again, knowingly, goes through and Priya sees it');
});
