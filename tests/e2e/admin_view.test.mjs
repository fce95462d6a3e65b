// Real-browser test of the admin's and trainer's view on a 360 px phone
// (issue 15): the trainer's tables and the audit log never make the page
// scroll sideways, and disabling an account asks for confirmation first and
// works without JavaScript. The learner is made through the API by the e2e
// admin; the trainer is tests/e2e/run.sh's (placed at the national root).
// Run through tests/e2e/run.sh (sets LOPHOC_URL, LOPHOC_ADMIN_USER,
// LOPHOC_ADMIN_PASSWORD, LOPHOC_TRAINER_USER, LOPHOC_TRAINER_PASSWORD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, adminApi, fillSignIn, fromEnv, openPage, screenshot } from './support.mjs';

const PHONE = { width: 360, height: 740 };
const COURSE = 'may-tinh-lan-dau';

async function signIn(t, username, password, options = {}) {
  const { page } = await openPage(t, { viewport: PHONE, ...options });
  await page.goto(`${BASE}/login`);
  await fillSignIn(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

// How far the page is wider than the screen (0: no sideways scrolling).
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function aLearner(name) {
  const { api, post } = await adminApi();
  const username = `${name}.${RUN}`;
  const made = await post('/api/v1/users', {
    username, display_name: 'Nguyễn Thị Học Viên Có Tên Rất Dài', roles: ['learner'], org: 'VN',
    password: 'Học viên e2e: khóa tài khoản!',
  });
  await api.dispose();
  return { username, id: made.user.id };
}

test('trainer tables and the audit log fit a 360 px phone', async (t) => {
  const learner = await aLearner('hoc.vien.bang');
  const { LOPHOC_TRAINER_USER: trainer, LOPHOC_TRAINER_PASSWORD: password } =
    fromEnv('LOPHOC_TRAINER_USER', 'LOPHOC_TRAINER_PASSWORD');
  const page = await signIn(t, trainer, password);
  await page.goto(`${BASE}/courses/${COURSE}/enrolments`);
  await page.getByLabel('Tên đăng nhập').fill(learner.username);
  await page.locator('form:has(input[name=by][value=username]) button').click();
  await page.waitForURL(/enrolled=/);
  assert.match(await page.locator('table').first().innerText(), new RegExp(learner.username.replaceAll('.', '\\.')));
  assert.equal(await overflow(page), 0, 'the enrolments page scrolls sideways');
  await screenshot(page, 'admin-view-enrolments-360.png');
  await page.goto(`${BASE}/courses/${COURSE}/results`);
  assert.equal(await overflow(page), 0, 'the results page scrolls sideways');
  await screenshot(page, 'admin-view-results-360.png');

  const { LOPHOC_ADMIN_USER: admin, LOPHOC_ADMIN_PASSWORD: adminPassword } =
    fromEnv('LOPHOC_ADMIN_USER', 'LOPHOC_ADMIN_PASSWORD');
  const adminPage = await signIn(t, admin, adminPassword);
  await adminPage.goto(`${BASE}/admin/audit`);
  assert.match(await adminPage.locator('table').innerText(), /đã ghi danh 1 người vào khóa học/);
  assert.equal(await overflow(adminPage), 0, 'the audit page scrolls sideways');
  // The raw row opens without JavaScript machinery: a <details> toggle.
  await adminPage.locator('details summary').first().click();
  assert.match(await adminPage.locator('details[open]').first().innerText(), /enrolment\.create/);
  assert.equal(await overflow(adminPage), 0, 'an open raw row makes the page scroll sideways');
  await screenshot(adminPage, 'admin-view-audit-360.png');
});

test('disabling an account asks first, without JavaScript', async (t) => {
  const learner = await aLearner('hoc.vien.khoa');
  const { LOPHOC_ADMIN_USER: admin, LOPHOC_ADMIN_PASSWORD: password } =
    fromEnv('LOPHOC_ADMIN_USER', 'LOPHOC_ADMIN_PASSWORD');
  const page = await signIn(t, admin, password, { javaScriptEnabled: false });
  const userUrl = `${BASE}/admin/users/${learner.id}`;
  await page.goto(userUrl);
  await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').innerText(), `Khóa tài khoản ${learner.username}?`);
  assert.match(await page.locator('main').innerText(), /không đăng nhập được nữa/);
  assert.equal(await overflow(page), 0, 'the confirmation page scrolls sideways');
  await screenshot(page, 'admin-view-confirm-disable-360.png');
  // "Hủy" goes back, and the account is still active.
  await page.getByRole('link', { name: 'Hủy' }).click();
  await page.waitForURL(userUrl);
  assert.ok(await page.getByRole('button', { name: 'Khóa tài khoản' }).isVisible());
  // Asked again and confirmed: locked.
  await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.waitForURL(/locked=1/);
  assert.ok(await page.getByRole('button', { name: 'Mở khóa' }).isVisible());
});
