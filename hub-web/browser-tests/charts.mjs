// The server-rendered charts on the demonstration data: the attendance report's grid and tally, the broadcast
// dashboard's lines and bars, and a network's activity. Each chart must pass axe and carry exactly the figures
// of the table beside it; without JavaScript the charts and their tables are all there.
import { baseUrl, checkAccessibility, expect, newContext, run } from './browser.mjs';

const demoPassword = 'network-hub-demo';
const broadcastId = process.argv[3];
const from = new Date(process.argv[4]);
const to = new Date(process.argv[5]);

async function signInAs(browser, name, options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('#email', `${name}@demo.nhs.uk`);
  await page.fill('#password', demoPassword);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

/** Every chart on the page: the figures its SVG draws and those its table holds, as sorted "row / column = value". */
async function chartsOn(page) {
  return page.evaluate(() => [...document.querySelectorAll('figure.hub-chart')].map((figure) => {
    const drawn = [...figure.querySelectorAll('svg [data-value]')]
      .map((e) => `${e.getAttribute('data-category')} / ${e.getAttribute('data-series')} = ${e.getAttribute('data-value')}`);
    const table = figure.querySelector('table[data-chart-table]');
    const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const tabled = [];
    for (const row of table.querySelectorAll('tbody tr')) {
      const cells = [...row.children].map((cell) => cell.textContent.trim());
      for (let c = 1; c < cells.length; c += 1) {
        if (headings[c] !== 'Total') {
          tabled.push(`${cells[0]} / ${headings[c]} = ${cells[c]}`);
        }
      }
    }
    const svg = figure.querySelector('svg');
    const named = svg.getAttribute('role') === 'img' && svg.getAttribute('aria-labelledby').split(' ')
      .every((id) => document.getElementById(id) && document.getElementById(id).textContent.trim().length > 0);
    return { id: figure.id, drawn: drawn.sort(), tabled: tabled.sort(), named };
  }));
}

async function checkCharts(page, label, expectedIds) {
  const charts = await chartsOn(page);
  for (const id of expectedIds) {
    expect(charts.some((c) => c.id === id), `${label} shows ${id}; it has ${charts.map((c) => c.id).join(', ')}`);
  }
  for (const chart of charts) {
    expect(chart.named, `${chart.id} is an image named by its title and description`);
    expect(chart.drawn.length > 0, `${chart.id} draws figures`);
    expect(JSON.stringify(chart.drawn) === JSON.stringify(chart.tabled),
      `${chart.id}: the table holds exactly the chart's figures\n  drawn ${chart.drawn.slice(0, 6).join('; ')}\n  table ${chart.tabled.slice(0, 6).join('; ')}`);
  }
  console.log(`ok - ${label}: ${charts.length} charts, each equal to its table (${charts.map((c) => `${c.id} ${c.drawn.length} figures`).join(', ')})`);
}

async function openTables(page) {
  for (const summary of await page.locator('figure.hub-chart details summary').all()) {
    await summary.click();
  }
}

function attendanceUrl() {
  const day = (d, part) => `${part}-day=${d.getUTCDate()}&${part}-month=${d.getUTCMonth() + 1}&${part}-year=${d.getUTCFullYear()}`;
  return `${baseUrl}/networks/national-cancer-network/attendance?${day(from, 'from')}&${day(to, 'to')}`;
}

await run('charts read by axe and equal to their tables', async (browser) => {
  const organiser = await signInAs(browser, 'organiser', { viewport: { width: 1280, height: 900 } });
  await organiser.goto(attendanceUrl());
  await checkCharts(organiser, 'the attendance report', ['chart-attendance-grid', 'chart-attendance-per-network']);
  const gridText = await organiser.locator('table[data-chart-table="chart-attendance-grid"]').textContent();
  expect(gridText.includes('Attended by role title') && gridText.includes('Sent a delegate') && gridText.includes('Absent'),
    'the grid shows role titles, delegates and absences');
  await checkAccessibility(organiser, 'the attendance report with its charts');
  await openTables(organiser);
  await checkAccessibility(organiser, 'the attendance report with the charts\' tables open');

  await organiser.goto(`${baseUrl}/networks/national-cancer-network`);
  await organiser.click('a:has-text("Activity over the last 12 months")');
  await checkCharts(organiser, 'the national network\'s activity', ['chart-activity']);
  await checkAccessibility(organiser, 'a network\'s activity');

  const central = await signInAs(browser, 'central', { viewport: { width: 1280, height: 900 } });
  await central.goto(`${baseUrl}/broadcasts/${broadcastId}/dashboard`);
  await checkCharts(central, 'the broadcast dashboard', ['chart-over-time', 'chart-levels']);
  await openTables(central);
  await checkAccessibility(central, 'the broadcast dashboard with its charts and their tables');

  const plain = await signInAs(browser, 'central', { javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  await plain.goto(`${baseUrl}/broadcasts/${broadcastId}/dashboard`);
  await checkCharts(plain, 'the dashboard without JavaScript on a phone', ['chart-over-time', 'chart-levels']);
  await plain.locator('#chart-levels summary').click();
  expect(await plain.locator('table[data-chart-table="chart-levels"]').isVisible(), 'the table opens without JavaScript');
  const overflow = await plain.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow <= 0, `the page does not scroll sideways on a phone (${overflow} pixels too wide)`);
  await checkAccessibility(plain, 'the dashboard without JavaScript on a phone');
});
