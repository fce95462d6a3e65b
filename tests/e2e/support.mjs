// What every browser test file shares (imported by tests/e2e/*.test.mjs, not
// a test itself): the site's address and the accounts tests/e2e/run.sh made,
// read from the environment; one headless Chromium per test file, started
// before its tests and closed after them; a fresh context (own cookies) per
// browser user; the sign-in form; screenshots when LOPHOC_E2E_ARTIFACTS=DIR.
import { before, after } from 'node:test';
import path from 'node:path';
import { chromium } from 'playwright-core';

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

// A full-page screenshot named `file` in LOPHOC_E2E_ARTIFACTS, when it is set.
export async function screenshot(page, file) {
  if (ARTIFACTS) await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true });
}
