// The library in a real browser: a member uploads through the plain form, then again with the keyboard only
// (Tab to the file input, choose the file, Tab to the button, Enter); an organiser's open library page tells them
// of each new paper without reload; a file dropped on the form is chosen for upload; a refused file shows the
// NHS.UK error summary; the organiser adds a paper to a meeting date from its page, and a member's open date page
// shows it live. Every page on the way is checked with axe.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

await run('library uploads', async (browser) => {
  const organiser = await register('Olu Organiser', unique);
  const member = await register('Mia Member', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Papers ${unique}`, slug: `papers-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${network.id}/members`, { method: 'POST', token: organiser.token, body: { email: member.email, role: 'member' } });
  const library = `${baseUrl}/networks/${network.slug}/library`;

  const { page: watcher } = await signIn(browser, organiser);
  await watcher.goto(library);
  await watcher.waitForSelector('body[data-hub-live="open"]');

  const { page } = await signIn(browser, member);
  await page.goto(`${baseUrl}/networks/${network.slug}`);
  await page.click('a:has-text("Library")');
  await page.waitForSelector('h1:has-text("Library")');
  await checkAccessibility(page, 'an empty library');

  await page.fill('#title', 'Agenda pack');
  await page.fill('#description', 'For Tuesday');
  await page.setInputFiles('#file', { name: 'agenda-pack.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.click('button:has-text("Upload document")');
  await page.waitForSelector('h1:has-text("Agenda pack")');
  expect((await page.textContent('.nhsuk-summary-list')).includes('agenda-pack.pdf'), 'the upload lands on the document page');
  await checkAccessibility(page, 'a document page');
  await watcher.waitForSelector('[data-library-news]:not([hidden]) a:has-text("Agenda pack")', { timeout: 5000 });
  expect(true, "the organiser's open library tells them of the new paper without reload");

  // keyboard only: from the title field, Tab to the file input, choose the file, Tab on to the button, Enter
  await page.goto(library);
  await page.focus('#title');
  await page.keyboard.type('Minutes');
  let tabs = 0;
  while (await page.evaluate(() => document.activeElement && document.activeElement.id) !== 'file' && tabs < 10) {
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  expect(await page.evaluate(() => document.activeElement.id) === 'file', `the file input is reached with Tab (${tabs} presses)`);
  const focused = await page.evaluateHandle(() => document.activeElement);
  await focused.asElement().setInputFiles({ name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from('Minutes of the meeting') });
  await page.keyboard.press('Tab');
  const onButton = await page.evaluate(() => document.activeElement.textContent.trim());
  expect(onButton === 'Upload document', `the next Tab reaches the upload button ("${onButton}")`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1:has-text("Minutes")');
  expect(true, 'the keyboard-only upload lands on its document page');

  // drag and drop where JavaScript runs: the dropped file is chosen and names the document
  await page.goto(library);
  await page.evaluate(() => {
    const files = new DataTransfer();
    files.items.add(new File(['Terms'], 'terms-of-reference.txt', { type: 'text/plain' }));
    const zone = document.querySelector('[data-drop-zone]');
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
  });
  expect(await page.evaluate(() => document.getElementById('file').files.length) === 1, 'a dropped file is chosen for upload');
  expect(await page.inputValue('#title') === 'terms-of-reference', 'the dropped file names the document');
  await page.click('button:has-text("Upload document")');
  await page.waitForSelector('h1:has-text("terms-of-reference")');

  // a refused file: the error summary, with what was typed kept
  await page.goto(library);
  await page.fill('#title', 'Not a paper');
  await page.setInputFiles('#file', { name: 'page.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await page.click('button:has-text("Upload document")');
  await page.waitForSelector('.nhsuk-error-summary');
  expect(await page.inputValue('#title') === 'Not a paper', 'a refused upload keeps the typed title');
  await checkAccessibility(page, 'a library with a refused upload');

  await page.goto(library);
  const rows = await page.locator('table[data-library] tbody tr').count();
  expect(rows === 3, `the library lists the three papers (${rows})`);
  await checkAccessibility(page, 'a library with papers');

  // the organiser adds a library paper to a meeting date from its page; a member's open date page shows it live
  const meeting = await api(`/api/networks/${network.id}/meetings`, {
    method: 'POST', token: organiser.token, body: { title: 'Paper board', start: '2027-05-11T10:00', durationMinutes: 60 },
  });
  const occurrences = await api(`/api/meetings/${meeting.id}/occurrences?from=2027-01-01`, { token: organiser.token });
  const datePage = `${baseUrl}/meetings/${meeting.id}/occurrence?start=${encodeURIComponent(occurrences.occurrences[0].originalStart)}`;
  await page.goto(datePage);
  await page.waitForSelector('body[data-hub-live="open"]');
  await watcher.goto(datePage);
  await watcher.click('summary:has-text("Add a paper from the library")');
  await checkAccessibility(watcher, 'a meeting date with the paper form open');
  await watcher.selectOption('#paperDocumentId', { label: 'Agenda pack' });
  await watcher.selectOption('#paperKind', 'agenda');
  await watcher.click('button:has-text("Add paper")');
  await watcher.waitForSelector('[data-papers] a:has-text("Agenda pack")');
  await checkAccessibility(watcher, 'a meeting date with a paper');
  await page.waitForSelector('[data-papers] a:has-text("Agenda pack")', { timeout: 5000 });
  expect(true, "a member's open date page shows the new paper without reload");
});
