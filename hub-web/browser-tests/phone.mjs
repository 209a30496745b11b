// The main pages on a 390-pixel phone, as the demo's organiser of the national cancer network sees them: no
// axe violations (WCAG 2.2 AA, which includes target size), no id used twice, every tap target at least 24 by 24
// CSS pixels (or exempt as WCAG 2.2 allows: a link inside a sentence, or one with 24 pixels of space around it),
// headings that never skip a level, and, where there is a breadcrumb, its "Back to" link shown in its place.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { api, baseUrl, expect, newContext, run } from './browser.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const demoPassword = 'network-hub-demo';

/** Everything wrong with the page as it is now, as a list of sentences. */
async function problems(page) {
  await page.evaluate(axeSource);
  const axe = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const found = axe.violations.map((v) => `axe ${v.id}: ${v.help} (${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')})`);
  found.push(...await page.evaluate(() => {
    const out = [];
    const counts = new Map();
    document.querySelectorAll('[id]').forEach((e) => counts.set(e.id, (counts.get(e.id) || 0) + 1));
    counts.forEach((n, id) => { if (n > 1) out.push(`id "${id}" is used ${n} times`); });

    let previous = 1;
    document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((h) => {
      const level = Number(h.tagName[1]);
      if (level > previous + 1) out.push(`heading "${h.textContent.trim()}" skips from h${previous} to h${level}`);
      previous = level;
    });

    // what sits inside a closed details element is not on the screen, whatever its box says; only its summary is
    const folded = (e) => {
      for (let d = e.closest('details:not([open])'); d; d = d.parentElement && d.parentElement.closest('details:not([open])')) {
        if (!(e.tagName === 'SUMMARY' && e.parentElement === d)) return true;
      }
      return false;
    };
    const shown = (e) => {
      if (folded(e)) return false;
      const r = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      return r.width > 1 && r.height > 1 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const targets = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
      .filter(shown);
    const boxes = targets.map((e) => e.getBoundingClientRect());
    // a sentence's own link: it is inline and the block it sits in has words besides it (WCAG 2.2 "inline")
    const inSentence = (e) => {
      if (e.tagName !== 'A' || getComputedStyle(e).display !== 'inline') return false;
      const block = e.closest('p, li, td, dd, span, label, div');
      return block && block.textContent.trim().length > e.textContent.trim().length;
    };
    const centre = (r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
    const touches = (c, r) => {
      const dx = Math.max(r.left - c.x, 0, c.x - r.right);
      const dy = Math.max(r.top - c.y, 0, c.y - r.bottom);
      return dx * dx + dy * dy < 12 * 12;
    };
    let smallest = null;
    targets.forEach((e, i) => {
      const r = boxes[i];
      if (r.width >= 24 && r.height >= 24) return;
      if (inSentence(e)) return;
      if (!smallest || r.width * r.height < smallest.w * smallest.h) smallest = { w: Math.round(r.width), h: Math.round(r.height), text: e.textContent.trim().slice(0, 30) };
      // a checkbox or radio is tapped through its label, which the NHS.UK styles make 40 pixels square
      if (e.matches('input[type=checkbox], input[type=radio]')) return;
      // WCAG 2.2 "spacing": a 24-pixel circle on the target touches no other target
      const c = centre(r);
      const crowded = boxes.some((other, j) => j !== i && !targets[j].contains(e) && !e.contains(targets[j]) && touches(c, other));
      if (crowded) {
        out.push(`tap target "${(e.textContent || e.getAttribute('aria-label') || e.name || e.tagName).trim().slice(0, 40)}" is ${Math.round(r.width)}x${Math.round(r.height)} with others close by`);
      }
    });

    const crumbs = document.querySelector('.nhsuk-breadcrumb');
    if (crumbs) {
      const back = crumbs.querySelector('.nhsuk-back-link');
      if (!back || !shown(back)) out.push('the breadcrumb has no visible "Back to" link');
      const list = crumbs.querySelector('.nhsuk-breadcrumb__list');
      if (list && shown(list)) out.push('the full breadcrumb trail is shown on a phone');
    }
    window.hubTapTargets = { count: targets.length, smallest };
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      out.push(`the page is ${document.documentElement.scrollWidth} pixels wide on a ${window.innerWidth}-pixel screen`);
    }
    return out;
  }));
  return found;
}

/** A phone signed in as one of the demo's people. */
async function phone(browser, who) {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('#email', `${who}@demo.nhs.uk`);
  await page.fill('#password', demoPassword);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

await run('the main pages on a 390-pixel phone', async (browser) => {
  const page = await phone(browser, 'organiser');

  const firstLink = async (path, selector) => {
    await page.goto(baseUrl + path);
    const href = await page.getAttribute(selector, 'href');
    if (!href) throw new Error(`no link ${selector} on ${path}`);
    return href;
  };
  const network = '/networks/national-cancer-network';
  const meeting = await firstLink(`${network}/meetings`, 'main a[href^="/meetings/"]');
  const occurrence = await firstLink(meeting, 'main a[href*="/occurrence?start="]');
  const thread = await firstLink(`${network}/discussions`, 'main a[href^="/threads/"]');
  const broadcast = await firstLink('/broadcasts', 'main a[href^="/broadcasts/"]:not([href$="/new"])');
  // the demo has no project yet, so the organiser starts one with an update, a hearing and an expected decision
  const { token } = await api('/api/auth/login', { method: 'POST', body: { email: 'organiser@demo.nhs.uk', password: demoPassword } });
  const { networks } = await api('/api/networks', { token });
  const national = networks.find((n) => n.slug === 'national-cancer-network');
  const project = await api(`/api/networks/${national.id}/projects`, {
    method: 'POST', token, body: { title: 'Faster diagnosis pathway', summary: 'One pathway', aims: ['Diagnosis within 28 days'] },
  });
  await api(`/api/projects/${project.id}/updates`, { method: 'POST', token, body: { period: '2027-03', body: 'We **met**.' } });
  await api(`/api/projects/${project.id}/hearings`, { method: 'POST', token, body: { body: 'Trust board', date: '2027-02-10' } });
  await api(`/api/projects/${project.id}/decisions`, { method: 'POST', token, body: { decision: 'Commissioning', expected: 'May 2027' } });
  const consultation = await api(`/api/projects/${project.id}/consultations`, {
    method: 'POST', token, body: {
      title: 'Case for change', opensAt: new Date(Date.now() - 3600000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 86400000).toISOString(), audience: 'anyone-with-link',
      questions: [{ id: 'support', type: 'single', label: 'Do you support it?', options: ['Yes', 'No'] }],
    },
  });
  const consultationPage = `/projects/${project.id}/consultations/${consultation.id}`;
  const measure = await api(`/api/projects/${project.id}/measures`, {
    method: 'POST', token, body: { name: 'Days to diagnosis', unit: 'days', baseline: 40, target: 28, direction: 'down' },
  });
  for (const [date, value] of [['2027-01-31', 38], ['2027-02-28', 33.5], ['2027-03-31', 30]]) {
    await api(`/api/measures/${measure.id}/readings`, { method: 'POST', token, body: { date, value } });
  }
  const pages = ['/', '/networks', network, `${network}/members`, `${network}/invitations`, `${network}/meetings`,
    `${network}/meetings?view=month`, meeting, occurrence, `${network}/discussions`, thread, '/broadcasts', broadcast,
    `${broadcast.replace(/\?.*/, '')}/dashboard`, '/calendar', '/search?q=diagnosis', `${network}/attendance`,
    '/networks/leeds-cancer', '/account', '/account/your-data', '/account/delete', '/account/two-step', `${network}/two-step`,
    '/account/email', '/invitations', `${network}/projects`, `/projects/${project.id}`, `/projects/${project.id}/edit`,
    `${network}/library`, `${network}/retention`,
    // the administration pages: the demo organiser is made an administrator by PhoneBrowserTest
    '/admin', '/admin/accounts', '/admin/network-requests', '/admin/audit', '/network-requests',
    '/admin/networks', '/admin/legal-holds',
    // moderation (issue 19)
    `${network}/reports`, '/admin/reports',
    `/projects/${project.id}/consultations/new`, consultationPage, `${consultationPage}/results`,
    new URL(consultation.link).pathname,
    `${network}/projects/progress?month=2027-03`, `${network}/projects/progress?month=2027-03&print=1`];

  // the checks themselves, on a page made to fail each of them
  await page.goto(`${baseUrl}/sign-in`);
  await page.evaluate(() => {
    document.querySelector('main').innerHTML = `<h1>Made to fail</h1><h3>Skipped a level</h3>
      <nav class="nhsuk-breadcrumb" aria-label="Breadcrumb"><ol class="nhsuk-breadcrumb__list"><li><a href="/">Home</a></li></ol></nav>
      <p id="twice">One</p><p id="twice">Two</p>
      <button style="width:10px;height:10px;padding:0">a</button><button style="width:10px;height:10px;padding:0">b</button>`;
  });
  const planted = (await problems(page)).join('\n');
  for (const wanted of ['id "twice" is used 2 times', 'skips from h1 to h3', 'no visible "Back to" link', 'tap target "a" is 10x10']) {
    expect(planted.includes(wanted), `the checks find: ${wanted}`);
  }

  const central = await phone(browser, 'central');
  const nurse = await phone(browser, 'leeds.nurse');
  const visits = pages.map((path) => [page, path]).concat([
    [central, '/broadcasts/new'], [central, `${broadcast.replace(/\?.*/, '')}/dashboard`], [central, broadcast],
    [nurse, broadcast], [nurse, '/calendar'], [nurse, meeting]]);

  const failures = [];
  for (const [tab, path] of visits) {
    const who = tab === page ? 'organiser' : tab === central ? 'central team' : 'lead nurse';
    await tab.goto(baseUrl + path);
    const found = await problems(tab);
    const stats = await tab.evaluate(() => window.hubTapTargets);
    if (found.length === 0) {
      expect(true, `${path} is fine on a phone for the ${who} (${stats.count} tap targets; smallest not in a sentence: ${stats.smallest
        ? `${stats.smallest.w}x${stats.smallest.h} "${stats.smallest.text}"` : 'none under 24x24'})`);
    } else {
      failures.push(`${path} (${who}):\n    ${found.join('\n    ')}`);
      console.log(`not ok - ${path} (${who}):\n    ${found.join('\n    ')}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`${failures.length} of ${visits.length} pages have problems on a phone`);
  }
}, { timeoutSeconds: 280 });
