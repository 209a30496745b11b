// The national cancer network's organiser keeps the register of 104 people network by network, on a desktop,
// a 390-pixel phone and without JavaScript, and reads the attendance report for a programme year.
import { api, baseUrl, checkAccessibility, expect, newContext, run } from './browser.mjs';

const demoPassword = 'network-hub-demo';

async function demo(name) {
  const email = `${name}@demo.nhs.uk`;
  const { token } = await api('/api/auth/login', { method: 'POST', body: { email, password: demoPassword } });
  return { email, token };
}

async function signInAs(browser, who, options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('#email', who.email);
  await page.fill('#password', demoPassword);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForURL(`${baseUrl}/`);
  return { context, page };
}

function registerUrl(meeting, start) {
  return `${baseUrl}/meetings/${meeting.id}/register?start=${encodeURIComponent(start)}`;
}

/** Opens a network's part of the register (each is an NHS.UK details element, closed until wanted). */
async function openNetwork(section) {
  if (await section.locator('details').getAttribute('open') === null) {
    await section.locator('summary').click();
  }
}

async function markOf(page, name) {
  const row = page.locator('tr', { hasText: name });
  return row.locator('select').inputValue();
}

await run('keeping the register of a national network', async (browser) => {
  const organiser = await demo('organiser');
  const networks = (await api('/api/networks', { token: organiser.token })).networks;
  const national = networks.find((n) => n.slug === 'national-cancer-network');
  const leeds = networks.find((n) => n.slug === 'leeds-cancer');
  const york = networks.find((n) => n.slug === 'york-cancer');
  const meetings = (await api(`/api/networks/${national.id}/meetings?from=${new Date(Date.now() - 30 * 86400000).toISOString()}`,
    { token: organiser.token })).meetings;
  const programme = meetings.find((m) => m.title === 'National cancer leads meeting');
  const catchUp = meetings.find((m) => m.title === 'Cancer leads catch-up');
  const past = registerUrl(catchUp, catchUp.occurrences[0].originalStart);

  const { page: desk } = await signInAs(browser, organiser, { viewport: { width: 1280, height: 800 } });
  await desk.goto(registerUrl(programme, programme.occurrences[0].originalStart));
  const height = await desk.evaluate(() => document.documentElement.scrollHeight);
  console.log(`measure - the register of the demo meeting is ${height} pixels tall on a 1280-pixel desktop`);
  expect(await desk.isVisible('text=This date has not happened yet. You can mark who attended from when it starts'),
    'a date to come says when marking opens');
  expect(await desk.locator('select').count() === 0, 'and offers no marking controls');
  expect(await desk.locator('h3').count() === 35, 'the 104 people are grouped: the national network and its 34 local networks');
  await checkAccessibility(desk, 'the register of a date to come');

  await desk.goto(past);
  const pastHeight = await desk.evaluate(() => document.documentElement.scrollHeight);
  console.log(`measure - the register of the past demo meeting, with marking controls, is ${pastHeight} pixels tall on a desktop`);
  const leedsSection = desk.locator(`section[aria-labelledby="network-${leeds.id}"]`);
  await openNetwork(leedsSection);
  const leedsText = await leedsSection.textContent();
  expect(leedsText.includes('Bath manager, for Leeds manager'), `the delegate is in the sender's row: ${leedsText.replace(/\s+/g, ' ')}`);
  expect(await leedsSection.locator('text=Sending Bath manager').count() === 1, "and the sender's reply names them");
  await checkAccessibility(desk, 'the register of a past date on a desktop');
  await leedsSection.locator('button:has-text("Mark everyone who replied yes as attended")').click();
  await desk.waitForURL(/done=saved/);
  expect(new URL(desk.url()).hash === `#network-${leeds.id}`, 'saving Leeds comes back to Leeds');
  expect(await markOf(desk, 'Leeds lead nurse') === 'attended', 'Leeds people who replied yes are marked attended');
  expect(await markOf(desk, 'Bath manager, for Leeds manager') === 'attended', 'so is the row of who sent a delegate');
  expect(await markOf(desk, 'Bolton lead nurse') === '', 'other networks are untouched');
  const yorkSection = desk.locator(`section[aria-labelledby="network-${york.id}"]`);
  await openNetwork(yorkSection);
  await yorkSection.locator('tr', { hasText: 'York lead nurse' }).locator('select').selectOption('apologies');
  await yorkSection.locator('button:has-text("Save")').first().click();
  await desk.waitForURL(/done=saved/);
  expect(await desk.locator(`section[aria-labelledby="network-${york.id}"] >> text=Saved.`).count() === 1,
    'York is saved on its own and says so');
  expect(await markOf(desk, 'Leeds lead nurse') === 'attended', 'without touching Leeds');
  await checkAccessibility(desk, 'the register after saving a network');

  const { page: phone } = await signInAs(browser, organiser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.goto(past);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 0, `the register does not scroll sideways on a 390-pixel phone (${overflow})`);
  const boltonOnPhone = phone.locator('section', { has: phone.locator('h3:has-text("Bolton local cancer network")') });
  await openNetwork(boltonOnPhone);
  await boltonOnPhone.locator('tr', { hasText: 'Bolton lead nurse' }).locator('select').selectOption('no-show');
  await boltonOnPhone.locator('button:has-text("Save")').first().click();
  await phone.waitForURL(/done=saved/);
  expect(await markOf(phone, 'Bolton lead nurse') === 'no-show', 'a network is saved from a phone');
  await checkAccessibility(phone, 'the register on a phone');

  const { page: plain } = await signInAs(browser, organiser, { javaScriptEnabled: false });
  await plain.goto(past);
  await plain.locator('form:not(:has(input[name="network"])) button:has-text("Mark everyone who replied yes as attended")').click();
  await plain.waitForURL(/done=saved/);
  expect(await markOf(plain, 'Bolton manager') === 'attended',
    'without JavaScript, everyone who replied yes in every network is marked at once');
  expect(await markOf(plain, 'York lead nurse') === 'apologies' && await markOf(plain, 'Bolton lead nurse') === 'no-show',
    'and marks already saved are kept');
  expect(await markOf(plain, 'York lead doctor') === '', 'who replied no is not marked');
  await checkAccessibility(plain, 'the register without JavaScript');

  await desk.goto(`${baseUrl}/networks/national-cancer-network/attendance`);
  expect(await desk.isVisible('text=A programme year runs from 1 April to 31 March'), 'the report states its year');
  const chosen = await desk.locator('#year option:checked').textContent();
  expect(chosen.includes('(this year)'), `this programme year is chosen (${chosen})`);
  const file = await desk.locator('a:has-text("Download as CSV")').getAttribute('download');
  expect(/^national-cancer-network-attendance-\d{4}-\d{2}\.csv$/.test(file), `the CSV has a readable name (${file})`);
  expect(await desk.locator('tr', { hasText: 'Leeds local cancer network' }).locator('td').first().textContent() !== '0',
    'Leeds attendance is counted');
  await checkAccessibility(desk, 'the attendance report on a desktop');

  await phone.goto(`${baseUrl}/networks/national-cancer-network/attendance`);
  const reportOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(reportOverflow <= 0, `the report page does not scroll sideways on a phone (${reportOverflow})`);
  await checkAccessibility(phone, 'the attendance report on a phone');
  await plain.goto(`${baseUrl}/networks/national-cancer-network/attendance`);
  const years = await plain.locator('#year option').count();
  await plain.selectOption('#year', { index: 0 });
  await plain.click('button:has-text("Show this year")');
  expect(plain.url().includes('year='), `the year is chosen without JavaScript (${years} choices)`);
  await checkAccessibility(plain, 'the attendance report without JavaScript');
  await plain.click('summary:has-text("Choose other dates")');
  await plain.fill('#from-day', '31');
  await plain.fill('#from-month', '2');
  await plain.fill('#from-year', '2026');
  await plain.click('button:has-text("Show these dates")');
  expect(await plain.isVisible('.nhsuk-error-summary:has-text("Enter the first day of the period as a real date")'),
    'a date that does not exist is named in the error summary');
  expect(await plain.inputValue('#from-day') === '31', 'and what was typed is kept');
  await checkAccessibility(plain, 'the attendance report with a wrong date');
}, { timeoutSeconds: 240 });
