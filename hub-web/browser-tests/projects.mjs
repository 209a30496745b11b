// An organiser starts a service change project from the network's projects page and works on it from the project
// page: a form sent with a mistake comes back with the error summary and what was typed; a progress update, a
// stage marked done, a ticked checklist item and a hearing's outcome appear on a member's open project page without
// reload. An impact measure and its readings, added with the forms, are drawn as a chart with a table, and a new
// reading appears on the member's open page; a checklist item's wording is changed without JavaScript; and the
// network's progress on current projects page is chosen by month and printed. Every page is checked with axe.
import { api, baseUrl, checkAccessibility, expect, person as register, run, signIn } from './browser.mjs';

const unique = Date.now().toString(36);

await run('service change projects and the live project page', async (browser) => {
  const organiser = await register('Pru Organiser', unique);
  const member = await register('Mel Member', unique);
  const network = await api('/api/networks', {
    method: 'POST', token: organiser.token, body: { name: `Surgery ${unique}`, slug: `surgery-${unique}`, visibility: 'private' },
  });
  await api(`/api/networks/${network.id}/members`, { method: 'POST', token: organiser.token, body: { email: member.email, role: 'member' } });

  const { page } = await signIn(browser, organiser);
  await page.goto(`${baseUrl}/networks/surgery-${unique}/projects`);
  await checkAccessibility(page, 'the projects list');
  await page.click('a:has-text("Start a project")');
  await page.waitForSelector('h1:has-text("Start a project")');
  await checkAccessibility(page, 'the new project form');
  await page.fill('#summary', 'One network for children\'s surgery and anaesthesia');
  await page.click('button:has-text("Start project")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#title"]');
  expect(await page.inputValue('#summary') === 'One network for children\'s surgery and anaesthesia', 'what was typed is kept');
  await checkAccessibility(page, 'the new project form with an error');
  await page.fill('#title', 'Children\'s surgery and anaesthesia');
  await page.fill('#aims', 'Fewer transfers\nCare closer to home');
  await page.click('button:has-text("Start project")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The project has been started")');
  expect(await page.isVisible('h3:has-text("8. Checking the impact")'), 'the project has the eight stages');
  await checkAccessibility(page, 'the project page');
  const projectUrl = page.url().replace(/\?.*$/, '');

  const { page: watcher } = await signIn(browser, member);
  await watcher.goto(projectUrl);
  await watcher.waitForSelector('body[data-hub-live="open"]');
  await checkAccessibility(watcher, 'the project page as a member');

  await page.click('summary:has-text("Write a progress update")');
  await page.fill('#updates-period', '13');
  await page.fill('#updates-period-year', '2027');
  await page.fill('#updates-body', 'We **met** every trust board.');
  await page.click('button:has-text("Add update")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#updates-period"]');
  expect(await page.inputValue('#updates-body') === 'We **met** every trust board.', 'the update form keeps what was typed');
  await checkAccessibility(page, 'the project page with an error');
  await page.fill('#updates-period', '3');
  await page.click('button:has-text("Add update")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("Your progress update has been added")');
  await watcher.waitForSelector('[data-live-section="updates"] h3:has-text("March 2027")', { timeout: 3000 });
  expect(await watcher.isVisible('[data-live-section="updates"] strong:has-text("met")'), "a member's open page shows the update without reload");

  await page.click('button:has-text("Mark as done: Write down the idea in a few sentences")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The stage has been updated")');
  await page.selectOption('#stage-big-idea-status', 'done');
  await page.click('button:has-text("Save stage: Big idea")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The stage has been updated")');
  await watcher.waitForSelector('[data-live-section="stages"] h3:has-text("1. Big idea Done")', { timeout: 3000 });
  expect(await watcher.isVisible('[data-live-section="stages"] li:has-text("Done: Write down the idea")'),
    'the stage marked done and the ticked item show live');

  await page.click('summary:has-text("Add a hearing")');
  await page.fill('#hearings-body', 'Wakefield CCG governing body');
  await page.fill('#hearings-date-day', '10');
  await page.fill('#hearings-date-month', '2');
  await page.fill('#hearings-date-year', '2027');
  await page.click('button:has-text("Add hearing")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The hearing has been saved")');
  await page.selectOption('select[id^="hearing-"][id$="-outcome"]', 'approved');
  await page.click('button:has-text("Save outcome")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The hearing has been saved")');
  await watcher.waitForSelector('[data-live-section="hearings"] td:has-text("Approved")', { timeout: 3000 });
  expect(await watcher.isVisible('[data-live-section="hearings"] td:has-text("10 February 2027")'),
    'the hearings table shows the outcome live, with the date in words');
  await checkAccessibility(watcher, 'the project page after live updates');
  await checkAccessibility(page, 'the project page with a hearing, an update and a stage done');

  await page.click('summary:has-text("Add an impact measure")');
  await page.fill('#measures-name', 'Children transferred out of the area');
  await page.fill('#measures-unit', 'children a month');
  await page.fill('#measures-baseline', '18');
  await page.fill('#measures-target', '6');
  await page.selectOption('#measures-direction', 'down');
  await page.click('button:has-text("Add measure")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The measure has been saved")');
  for (const [day, month, value] of [['31', '1', '18'], ['28', '2', 'lots'], ['28', '2', '15'], ['31', '3', '12.5']]) {
    if (!(await page.isVisible('input[id^="reading-value-"]'))) {
      await page.click('summary:has-text("Add a reading")');
    }
    await page.fill('input[id^="reading-date-"][id$="-day"]', day);
    await page.fill('input[id^="reading-date-"][id$="-month"]', month);
    await page.fill('input[id^="reading-date-"][id$="-year"]', '2027');
    await page.fill('input[id^="reading-value-"]', value);
    await page.click('button:has-text("Add reading")');
    if (value === 'lots') {
      await page.waitForSelector('.nhsuk-error-summary a[href^="#reading-value-"]');
      expect(await page.inputValue('input[id^="reading-value-"]') === 'lots', 'the reading form keeps what was typed');
      await checkAccessibility(page, 'the project page with a reading refused');
    } else {
      await page.waitForSelector('.nhsuk-notification-banner:has-text("The reading has been saved")');
    }
  }
  await watcher.waitForSelector('[data-live-section="measures"] td:has-text("31 March 2027")', { timeout: 3000 });
  expect(await watcher.isVisible('[data-live-section="measures"] figure.hub-chart svg'), 'the measure is drawn as a chart');
  await watcher.click('[data-live-section="measures"] summary:has-text("Show the figures as a table")');
  expect(await watcher.isVisible('[data-live-section="measures"] table[data-chart-table] th:has-text("31 January 2027")'),
    "the chart's figures are in a table too");
  await checkAccessibility(watcher, 'the project page with a measure drawn as a chart');

  await page.click('summary:has-text("Change the checklist: Big idea")');
  await page.fill('input[id^="item-edit-text-"] >> nth=0', 'Write the idea down in a few sentences');
  await page.click('button:has-text("Save wording: item 1 of Big idea")');
  await page.waitForSelector('.nhsuk-notification-banner:has-text("The checklist has been changed")');
  expect(await page.isVisible('li:has-text("Write the idea down in a few sentences")'), 'the new wording is on the page');
  await checkAccessibility(page, 'the project page after changing the checklist');

  await page.goto(`${baseUrl}/networks/surgery-${unique}/projects`);
  await page.click('a:has-text("Progress on current projects")');
  await page.waitForSelector('h1:has-text("Progress on current projects")');
  await page.fill('#month-month', '13');
  await page.fill('#month-year', '2027');
  await page.click('button:has-text("Show this month")');
  await page.waitForSelector('.nhsuk-error-summary a[href="#month"]');
  expect(await page.inputValue('#month-month') === '13', 'the month picker keeps what was typed');
  await checkAccessibility(page, 'the progress page with an error');
  await page.fill('#month-month', '3');
  await page.click('button:has-text("Show this month")');
  await page.waitForSelector('h1:has-text("Progress on current projects: March 2027")');
  expect(await page.isVisible('h3:has-text("Update for March 2027")'), "the month's update is in the report");
  await checkAccessibility(page, 'the progress page');
  await page.click('a:has-text("Printable version of this report")');
  await page.waitForSelector('h1:has-text("Progress on current projects: March 2027")');
  expect(!(await page.isVisible('header.nhsuk-header')), 'the printable version is the report alone');
  await checkAccessibility(page, 'the printable progress report');
});
