// The network directory: a nested tree of networks of networks that folds with JavaScript and is a plain nested
// list without it, a server-side search that works either way, and the network page's place in the tree; axe on
// each.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('network directory with and without JavaScript', async (browser) => {
  const organiser = await register('Dora Directory', unique);
  const reader = await register('Rey Reader', unique);
  const top = await api('/api/networks', {
    method: 'POST', token: organiser.token,
    body: { name: `Tree national ${unique}`, slug: `tree-national-${unique}`, visibility: 'request' },
  });
  const region = await api('/api/networks', {
    method: 'POST', token: organiser.token,
    body: { name: `Tree region ${unique}`, slug: `tree-region-${unique}`, visibility: 'open', parentId: top.id },
  });
  for (const place of ['Wakefield', 'Kirklees']) {
    await api('/api/networks', {
      method: 'POST', token: organiser.token,
      body: { name: `${place} tree place ${unique}`, slug: `tree-${place.toLowerCase()}-${unique}`, visibility: 'open', parentId: region.id },
    });
  }

  // With JavaScript: the networks inside each network fold away behind a button saying how many there are.
  const { page } = await signIn(browser, reader);
  await page.goto(`${baseUrl}/networks`);
  const regionItem = `li[data-network="tree-region-${unique}"]`;
  const placeItem = `li[data-network="tree-wakefield-${unique}"]`;
  expect(!(await page.isVisible(regionItem)), 'with JavaScript, the networks inside a network start folded');
  const toggle = page.locator(`li[data-network="tree-national-${unique}"] > button.hub-tree__toggle`);
  expect((await toggle.getAttribute('aria-expanded')) === 'false', 'the toggle says it is closed');
  expect((await toggle.textContent()).includes(`Show the 1 network in Tree national ${unique}`), 'the toggle names what it shows');
  await checkAccessibility(page, 'the directory, folded');
  await toggle.click();
  expect(await page.isVisible(regionItem), 'opening the national network shows the region');
  expect((await toggle.getAttribute('aria-expanded')) === 'true', 'the toggle says it is open');
  expect(!(await page.isVisible(placeItem)), 'the places inside the region stay folded');
  await page.click(`${regionItem} > button.hub-tree__toggle`);
  expect(await page.isVisible(placeItem), 'opening the region shows its places');
  await checkAccessibility(page, 'the directory, opened');

  // Search with JavaScript on: the form goes to the server.
  await page.fill('#q', `wakefield ${unique}`);
  await page.click('button:has-text("Search")');
  await page.waitForSelector('[data-results]');
  const found = await page.$$eval('[data-results] > li > a', (links) => links.map((a) => a.textContent.trim()));
  expect(found.length === 1 && found[0] === `Wakefield tree place ${unique}`, `the search finds the place (${found})`);
  expect((await page.inputValue('#q')) === `wakefield ${unique}`, 'the search box keeps what was typed');
  await checkAccessibility(page, 'the search results');

  // The network page: where the region sits, with its parent and the places inside it.
  await page.goto(`${baseUrl}/networks/tree-region-${unique}`);
  const place = await page.textContent('[data-place]');
  expect(place.includes(`Part of Tree national ${unique}`), 'the region page names its parent');
  const inside = await page.$$eval('[data-children] li > a', (links) => links.map((a) => a.textContent.trim()));
  expect(inside.length === 2, `the region page lists the two places inside it (${inside})`);
  await checkAccessibility(page, 'the network page with its place in the tree');

  // Without JavaScript: a plain nested list with every network showing, and the same search.
  const { page: plain } = await signIn(browser, reader, { javaScriptEnabled: false });
  await plain.goto(`${baseUrl}/networks`);
  expect(await plain.isVisible(placeItem), 'without JavaScript, every network in the tree shows');
  expect((await plain.$$(`${regionItem} > button`)).length === 0, 'and there are no toggles');
  const nested = await plain.$eval(placeItem, (li) => li.parentElement.closest('li').getAttribute('data-network'));
  expect(nested === `tree-region-${unique}`, 'a place is listed inside its region');
  await checkAccessibility(plain, 'the directory without JavaScript');
  await plain.fill('#q', `tree ${unique}`);
  await plain.check('#joinable');
  await plain.selectOption('#parent', `tree-region-${unique}`);
  await plain.click('button:has-text("Search")');
  await plain.waitForSelector('[data-results]');
  const narrowed = await plain.$$eval('[data-results] > li > a', (links) => links.map((a) => a.textContent.trim()));
  expect(narrowed.length === 2 && narrowed.every((name) => name.includes('tree place')),
    `without JavaScript the search and filters narrow to the two places (${narrowed})`);
  expect(await plain.isChecked('#joinable'), 'the filter stays chosen');
  await checkAccessibility(plain, 'the search results without JavaScript');
});
