// What every browser test file shares (imported by tests/e2e/*.test.mjs, not
// a test itself): the site's address and the accounts tests/e2e/run.sh made,
// read from the environment; one headless Chromium per test file, started
// before its tests and closed after them; a fresh context (own cookies) per
// browser user; the sign-in form; screenshots when LOPHOC_E2E_ARTIFACTS=DIR.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, request } from 'playwright-core';

// The value of each environment variable in `names` (run.sh sets them), by
// name; throws when one is missing, as these tests only run through run.sh.
export function fromEnv(...names) {
  const values = {};
  for (const name of names) {
    values[name] = process.env[name] || '';
    if (!values[name]) throw new Error(`${name} is not set: run tests/e2e/run.sh PATH_TO_LOPHOC`);
  }
  return values;
}

export const BASE = fromEnv('LOPHOC_URL').LOPHOC_URL.replace(/\/+$/, '');
export const ARTIFACTS = process.env.LOPHOC_E2E_ARTIFACTS || '';
// Unique per run, so the tests can run against a database used before.
export const RUN = Date.now().toString(36);

let browser;

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'], headless: true });
});

after(async () => {
  await browser?.close();
});

// A page in a fresh context, Vietnamese unless `options` say otherwise (the
// server negotiates the language from Accept-Language), closed at the end of
// test `t`; its actions wait up to `timeout` ms.
export async function openPage(t, options = {}, timeout = 10_000) {
  const context = await browser.newContext({ locale: 'vi-VN', ...options });
  t.after(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  return { context, page };
}

// Fills the form the page shows, each field found by its label ([label,
// value] or [label, value, true] for a label that must match exactly), and
// presses the button named `button`.
export async function fillForm(page, fields, button) {
  for (const [label, value, exact = false] of fields) {
    await page.getByLabel(label, { exact }).fill(value);
  }
  await page.getByRole('button', { name: button }).click();
}

// Fills and sends the sign-in form the page shows.
export async function fillSignIn(page, username, password) {
  await fillForm(page, [
    ['Tên đăng nhập hoặc số điện thoại', username],
    ['Mật khẩu', password, true],
  ], 'Đăng nhập');
}

// Registers a citizen's account on /register and waits for "My learning",
// where a registration with nowhere to go back to lands.
export async function register(page, displayName, username, password) {
  await page.goto(`${BASE}/register`);
  await page.fill('#f-display_name', displayName);
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await page.fill('#f-confirm_password', password);
  await page.click('form.stack-form button[type=submit]');
  await page.waitForURL(/\/me\?done=path_welcome$/);
}

// A full-page screenshot named `file` in LOPHOC_E2E_ARTIFACTS, when it is set.
export async function screenshot(page, file) {
  if (ARTIFACTS) await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true });
}

// The answer key of a quiz.md file, as a learner who studied would know it:
// question id -> {type, right: [option indexes], text, number, pairs}
export function answerKey(file) {
  const key = {};
  let q = null;
  let index = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const h = line.match(/^## ([a-z0-9-]+) \[([a-z-]+)/);
    if (h) { q = { type: h[2], right: [], pairs: [] }; key[h[1]] = q; index = 0; continue; }
    if (!q) continue;
    const o = line.match(/^- \[( |x)\] (?:\((-?\d+)%\) )?(.*)$/);
    if (o) {
      if (o[1] === 'x' && !(o[2] && Number(o[2]) <= 0)) {
        q.right.push(index);
        if (q.text === undefined) q.text = o[3];
      }
      index++;
      continue;
    }
    const m = line.match(/^- (.*\S) -> (.*)$/);
    if (m && q.type === 'matching') q.pairs.push([m[1], m[2]]);
  }
  return key;
}

// Fills the quiz form on `page` with the right answers of `quizFile` (a
// course's quiz.md) and submits it; waits for the attempt's page.
export async function answerQuiz(page, quizFile) {
  const html = await page.content();
  assert.ok(!html.includes('[x]'), 'the quiz page holds no answer key');
  const key = answerKey(quizFile);
  for (const fieldset of await page.locator('fieldset.question').all()) {
    const id = (await fieldset.getAttribute('id')).slice(2);
    const q = key[id];
    assert.ok(q, `question ${id} is in quiz.md`);
    if (q.type === 'single' || q.type === 'true-false' || q.type === 'multiple') {
      for (const i of q.right) await fieldset.locator(`input[value="${i}"]`).check();
    } else if (q.type === 'short') {
      await fieldset.locator('input[type=text]').fill(q.text);
    } else if (q.type === 'numeric') {
      await fieldset.locator('input[type=text]').fill(q.text.split(/\s*(?:±|\+-|\.\.)\s*/)[0]);
    } else if (q.type === 'matching') {
      for (const [left, right] of q.pairs) {
        await fieldset.getByLabel(left, { exact: true }).selectOption({ label: right });
      }
    }
  }
  await page.click('form.quiz-form button[type=submit]');
  await page.waitForURL(/\/attempts\/\d+/);
}

// Calendar days as the server counts them: in Vietnam (UTC+7 all year).
export function todayInVietnam() {
  const t = new Date(Date.now() + 7 * 3600 * 1000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
// Adds months; the day clamps to the month's last (31/01 + 1 month = 28/02).
export function addMonths({ y, m, d }, n) {
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { y: year, m: month, d: Math.min(d, daysIn(year, month)) };
}
const two = (n) => String(n).padStart(2, '0');
export const iso = ({ y, m, d }) => `${y}-${two(m)}-${two(d)}`;
export const shown = ({ y, m, d }) => `${two(d)}/${two(m)}/${y}`;

// An API session of the e2e admin (LOPHOC_ADMIN_USER, LOPHOC_ADMIN_PASSWORD):
// JSON in and out, the CSRF header set; `post` checks the status it expects.
export async function adminApi() {
  const { LOPHOC_ADMIN_USER: username, LOPHOC_ADMIN_PASSWORD: password } =
    fromEnv('LOPHOC_ADMIN_USER', 'LOPHOC_ADMIN_PASSWORD');
  const api = await request.newContext({ baseURL: BASE });
  const login = await api.post('/api/v1/auth/login', { data: { username, password } });
  assert.equal(login.status(), 200, await login.text());
  const { csrf_token: csrf } = await login.json();
  const post = async (url, data, status = 201, headers = {}) => {
    const r = await api.post(url, { data, headers: { 'X-CSRF-Token': csrf, ...headers } });
    assert.equal(r.status(), status, `${url}: ${await r.text()}`);
    return r.json();
  };
  return { api, post };
}
