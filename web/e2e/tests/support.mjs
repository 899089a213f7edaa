// Shared set-up: Debian's chromium driven by playwright-core (never a downloaded browser), the stack's URL,
// screenshots and the accessibility check.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.OPENLY_WEB_URL || 'http://127.0.0.1:8080';
const here = path.dirname(fileURLToPath(import.meta.url));
export const SHOTS = path.resolve(here, '..', '..', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium is not installed: apt-get install -y chromium (Debian), or set CHROMIUM_PATH');
  }
}

export async function launch() {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export const DESKTOP = { viewport: { width: 1280, height: 900 } };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A context whose page fails the test on any script error or CSP violation. */
export async function openPage(browser, options = DESKTOP) {
  const context = await browser.newContext({ ...options, reducedMotion: 'reduce', acceptDownloads: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|403|404|412|400)/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  return { context, page };
}

export async function signIn(page, person, hash = '#/today') {
  await page.goto(`${BASE}/${hash}`);
  await page.getByRole('button', { name: new RegExp(`^${person}\\b`) }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export async function go(page, hash) {
  await page.goto(`${BASE}/${hash}`);
  await page.locator('#screen-title').waitFor();
}

export async function shot(page, name) {
  // From the top: a sticky header would otherwise sit in the middle of a full-page picture.
  await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core over the whole page (WCAG 2.1 A/AA rules: labels, names, contrast, landmarks, ARIA).
 * Evaluated through the DevTools protocol, which the page's CSP does not govern: the CSP stays strict.
 */
export async function assertAccessible(page, screenName) {
  await page.evaluate(axeSource + '\n;0');
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(violations, [], `${screenName}: accessibility violations`);
  // Every form control has an accessible name (axe checks it too; this names the control if not).
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => !el.closest('[hidden]') && el.type !== 'hidden')
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.textContent || '').trim())
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, [], `${screenName}: controls without a name`);
}

export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
}
