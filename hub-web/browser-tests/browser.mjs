// Shared set-up for the hub's browser tests: Debian's Chromium driven by playwright-core, and axe-core checks.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const baseUrl = process.argv[2];
if (!baseUrl) {
  console.error('usage: node <test>.mjs <base url>');
  process.exit(2);
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-gpu', '--disable-quic'],
  });
}

/** A new browser context; bypassCSP lets axe be injected into pages that allow only the hub's own scripts. */
export async function newContext(browser, options = {}) {
  return browser.newContext({ bypassCSP: true, ...options });
}

/**
 * Fails when axe finds WCAG 2.0/2.1 A or AA violations on the page as it is now. A page in a context with
 * JavaScript off cannot run axe, so its markup (without scripts) is checked in a fresh page instead.
 */
export async function checkAccessibility(page, label) {
  let target = page;
  let helper = null;
  const scriptsRun = await Promise.race([
    page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve(true), 0))),
    new Promise((resolve) => setTimeout(() => resolve(false), 500)),
  ]);
  if (!scriptsRun) {
    const html = (await page.content())
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace('<head>', `<head><base href="${new URL('/', page.url())}">`);
    helper = await page.context().browser().newPage({ bypassCSP: true });
    await helper.setContent(html, { waitUntil: 'load' });
    target = helper;
  }
  try {
    await target.evaluate(axeSource);
    const result = await target.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }));
    if (result.violations.length > 0) {
      const details = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      throw new Error(`accessibility violations on ${label}:\n  ${details.join('\n  ')}`);
    }
  } finally {
    if (helper) {
      await helper.close();
    }
  }
  console.log(`ok - no WCAG 2.1 AA violations on ${label}`);
}

/** Calls the hub's JSON API from the test itself (to set up people and networks quickly). */
export async function api(path, { method = 'GET', token, body } = {}) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

export const testPassword = 'quartz lantern meadow 58';

/** Registers a person through the API; returns their email and a token. */
export async function person(name, unique) {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${unique}@test.nhs.uk`;
  await api('/api/auth/register', { method: 'POST', body: { email, password: testPassword, displayName: name } });
  const { token } = await api('/api/auth/login', { method: 'POST', body: { email, password: testPassword } });
  return { name, email, token };
}

/** Signs a person in through the sign-in page in a new browser context (options as for newContext). */
export async function signIn(browser, who, options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('#email', who.email);
  await page.fill('#password', testPassword);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.waitForURL(`${baseUrl}/`);
  return { context, page };
}

export function expect(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
  console.log(`ok - ${message}`);
}

/** Runs a test body with a browser, printing a plain pass/fail line and setting the exit code. */
export async function run(name, body, { timeoutSeconds = 120 } = {}) {
  setTimeout(() => {
    console.error(`not ok - ${name}: did not finish within ${timeoutSeconds} seconds`);
    process.exit(1);
  }, timeoutSeconds * 1000).unref();
  const browser = await launch();
  try {
    await body(browser);
    console.log(`1 passed, 0 failed: ${name}`);
  } catch (error) {
    console.error(`not ok - ${name}: ${error.stack || error}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
