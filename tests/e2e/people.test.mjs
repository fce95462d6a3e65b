// Real-browser tests of the people pages: registering, signing in and out,
// and the admin setting up a province, a site and a staff account whose
// one-time password must be changed at the first sign-in. Run through
// tests/e2e/run.sh, which creates the admin account and sets LOPHOC_URL,
// LOPHOC_ADMIN_USER and LOPHOC_ADMIN_PASSWORD. LOPHOC_E2E_ARTIFACTS=DIR keeps
// screenshots of the pages at 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, RUN, fromEnv, openPage as openContext, fillForm, fillSignIn, screenshot,
} from './support.mjs';

const { LOPHOC_ADMIN_USER: ADMIN_USER, LOPHOC_ADMIN_PASSWORD: ADMIN_PASSWORD } =
  fromEnv('LOPHOC_ADMIN_USER', 'LOPHOC_ADMIN_PASSWORD');

// A fresh context (own cookies) per browser user, Vietnamese by default.
const openPage = async (t, options = {}) => (await openContext(t, options)).page;

const pathOf = (page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};

async function h1(page) {
  return (await page.locator('main h1').innerText()).trim();
}

async function logIn(page, username, password) {
  await page.goto(`${BASE}/login`);
  assert.equal(await h1(page), 'Đăng nhập');
  await fillSignIn(page, username, password);
}

// Waits for the account page at `search` (e.g. '?welcome=1'), showing
// `notice` and a <dd> with each of `details`.
async function onAccountPage(page, search, notice, details) {
  await page.waitForURL(`${BASE}/account${search}`);
  assert.equal(await h1(page), 'Tài khoản của tôi');
  await page.getByText(notice, { exact: false }).waitFor();
  for (const detail of details) await page.locator('dd', { hasText: detail }).waitFor();
}

// Fills and sends the registration form the page shows.
async function fillRegister(page, name, username, password) {
  await fillForm(page, [
    ['Tên của bạn', name],
    ['Tên đăng nhập hoặc số điện thoại', username],
    ['Mật khẩu', password, true],
    ['Nhập lại mật khẩu', password],
  ], 'Đăng ký');
}

async function logOut(page) {
  await page.locator('header').getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(`${BASE}/`);
  await page.locator('header').getByRole('link', { name: 'Đăng nhập' }).waitFor();
}

test('a citizen registers, goes back to the page she was on, logs out and in again', async (t) => {
  const page = await openPage(t);
  const username = `dan.${RUN}`;
  const password = 'Tôi học máy tính ở thư viện xã';
  await page.goto(`${BASE}/`);
  await page.locator('header').getByRole('link', { name: 'Đăng ký' }).click();
  await page.waitForURL(`${BASE}/register`);
  assert.equal(await h1(page), 'Đăng ký tài khoản');
  await page.getByText('Không cần thư điện tử', { exact: false }).waitFor();
  await page.getByText('ít nhất 10 ký tự', { exact: false }).first().waitFor();

  await fillRegister(page, 'Bà Nguyễn Thị Tư', username, password);

  // Back where she was when she chose to register (the catalogue).
  await page.waitForURL(`${BASE}/`);
  await page.goto(`${BASE}/account`);
  await onAccountPage(page, '', 'Thông tin tài khoản', ['Bà Nguyễn Thị Tư', username]);
  await page.locator('header').getByRole('link', { name: 'Tài khoản của tôi' }).waitFor();

  await logOut(page);
  await page.goto(`${BASE}/account`);
  assert.match(pathOf(page), /^\/login\?next=%2Faccount$/, 'signed out, /account asks to sign in');

  await fillSignIn(page, username, password);
  await page.waitForURL(`${BASE}/account`);
  await page.locator('dd', { hasText: 'Bà Nguyễn Thị Tư' }).waitFor();
  await logOut(page);
});

test('a citizen registers with a phone number as typed and signs in with another spelling', async (t) => {
  // Eight digits of this run after 09: a mobile number no other run has used.
  const digits = String(Date.now() % 100000000).padStart(8, '0');
  const typed = `09${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
  const canonical = `+849${digits}`;
  const password = 'Số điện thoại là tên của tôi';
  const page = await openPage(t);
  await page.goto(`${BASE}/register`);
  await fillRegister(page, 'Ông Trần Văn Năm', typed, password);
  // Nowhere to go back to: "My learning", welcomed.
  await page.waitForURL(`${BASE}/me?done=path_welcome`);
  await page.getByText('Chào mừng bạn!', { exact: false }).waitFor();
  await page.goto(`${BASE}/account`);
  await onAccountPage(page, '', 'Thông tin tài khoản', ['Ông Trần Văn Năm']);
  // Stored in one spelling, as the username and as the phone.
  assert.equal(await page.locator('dd', { hasText: canonical }).count(), 2);
  await logOut(page);
  await page.goto(`${BASE}/account`);
  await fillSignIn(page, `+84 9${digits}`, password);
  await page.waitForURL(`${BASE}/account`);
  await page.locator('dd', { hasText: 'Ông Trần Văn Năm' }).waitFor();
  await logOut(page);

  // The same number again, spelled as people dial it at home: refused at the field.
  await page.goto(`${BASE}/register`);
  await fillRegister(page, 'Người khác', `09${digits}`, password);
  const error = page.locator('#f-username-error');
  await error.waitFor();
  assert.match(await error.innerText(), /đã được dùng cho một tài khoản khác/);
  assert.equal(await page.locator('#f-username').getAttribute('aria-invalid'), 'true');
});

test('the admin sets up a province, a site and a staff account; the staff member changes the one-time password',
  async (t) => {
    const admin = await openPage(t);
    const province = `E2E-${RUN}`.slice(0, 32);
    const site = `BD-${RUN}`.slice(0, 32);
    const staff = `nv.${RUN}`;

    await logIn(admin, ADMIN_USER, ADMIN_PASSWORD);
    await admin.waitForURL(`${BASE}/`);
    await admin.locator('header').getByRole('link', { name: 'Quản trị' }).click();
    await admin.waitForURL(`${BASE}/admin`);
    assert.equal(await h1(admin), 'Quản trị');

    // The province.
    await admin.getByRole('navigation', { name: 'Khu quản trị' }).getByRole('link', { name: 'Đơn vị' }).click();
    await admin.waitForURL(`${BASE}/admin/org-units`);
    await admin.getByLabel('Mã', { exact: true }).fill(province);
    await admin.getByLabel('Tên', { exact: true }).fill('Tỉnh Thử nghiệm');
    await admin.getByLabel('Cấp', { exact: true }).selectOption('province');
    await admin.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await admin.waitForURL(`${BASE}/admin/org-units/${province}?created=1`);
    assert.equal(await h1(admin), 'Tỉnh Thử nghiệm');
    await admin.getByText('Đã tạo.').waitFor();

    // A post-office cultural point under it, with public computers.
    await admin.getByRole('link', { name: 'Thêm thư viện hoặc điểm' }).click();
    await admin.waitForURL((u) => u.pathname === '/admin/sites' && u.searchParams.get('org') === province);
    await admin.getByLabel('Mã', { exact: true }).fill(site);
    await admin.getByLabel('Tên', { exact: true }).fill('Điểm BĐVHX xã Thử');
    await admin.getByLabel('Loại', { exact: true }).selectOption({ label: 'Điểm Bưu điện - Văn hóa xã' });
    assert.equal(await admin.getByLabel('Mã đơn vị', { exact: true }).inputValue(), province, 'the unit is filled in');
    await admin.getByLabel('Có máy tính công cộng').check();
    await admin.getByRole('button', { name: 'Thêm', exact: true }).click();
    await admin.waitForURL(`${BASE}/admin/sites/${site}?created=1`);
    assert.equal(await h1(admin), 'Điểm BĐVHX xã Thử');
    await admin.getByRole('button', { name: 'Dùng máy tính này làm máy công cộng của điểm' }).waitFor();

    // A staff account at the site, with a one-time password.
    await admin.getByRole('link', { name: 'Thêm tài khoản' }).click();
    await admin.waitForURL((u) => u.pathname === '/admin/users/new');
    await admin.getByLabel('Tên đăng nhập', { exact: true }).fill(staff);
    await admin.getByLabel('Họ và tên').fill('Nhân viên Trần Văn Bưu');
    assert.equal(await admin.getByLabel('Mã thư viện hoặc điểm').inputValue(), site);
    assert.equal(await admin.getByLabel('Học viên').isChecked(), true, 'learner is ticked by default');
    await admin.getByLabel('Nhóm cán bộ').selectOption('post_office_staff');
    await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await admin.waitForURL(`${BASE}/admin/users`);
    assert.equal(await h1(admin), 'Mật khẩu dùng một lần');
    await admin.getByText('chỉ hiện một lần này', { exact: false }).waitFor();
    const oneTime = (await admin.locator('code.secret-value').innerText()).trim();
    assert.ok(oneTime.length >= 12, `a one-time password is shown (${oneTime.length} characters)`);

    // The staff member, on another browser.
    const worker = await openPage(t);
    await logIn(worker, staff, oneTime);
    await worker.waitForURL(`${BASE}/account/password`);
    assert.equal(await h1(worker), 'Đổi mật khẩu');
    await worker.getByText('mật khẩu tạm thời', { exact: false }).waitFor();
    // Every other page leads back here until the password is changed.
    await worker.goto(`${BASE}/account`);
    assert.equal(pathOf(worker), '/account/password');

    const mine = 'Bưu điện văn hóa xã Thử 2026';
    await fillForm(worker, [
      ['Mật khẩu hiện tại', oneTime],
      ['Mật khẩu mới', mine, true],
      ['Nhập lại mật khẩu mới', mine],
    ], 'Đổi mật khẩu');
    await onAccountPage(worker, '?password_changed=1', 'Đã đổi mật khẩu.',
      ['Nhân viên Trần Văn Bưu', site]);

    // The admin finds the account in the list of the province.
    await admin.goto(`${BASE}/admin/users?org=${province}`);
    await admin.getByRole('link', { name: staff, exact: true }).waitFor();
  });

test('phone (360 px): the people pages do not scroll sideways and every field has a label', async (t) => {
  const page = await openPage(t, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const check = async (p, shot) => {
    const res = await page.goto(BASE + p);
    assert.equal(res.status(), 200, `status of ${p}`);
    const report = await page.evaluate(() => ({
      width: document.documentElement.clientWidth,
      scroll: document.documentElement.scrollWidth,
      h1s: document.querySelectorAll('h1').length,
      unlabelled: [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map((el) => el.outerHTML.slice(0, 100)),
    }));
    assert.ok(report.scroll <= report.width, `${p} is no wider than the phone (scrollWidth=${report.scroll})`);
    assert.equal(report.h1s, 1, `${p} has one h1`);
    assert.deepEqual(report.unlabelled, [], `fields without a label on ${p}`);
    if (shot) await screenshot(page, shot);
  };
  await check('/login', 'login-360.png');
  await check('/register', 'register-360.png');
  await logIn(page, ADMIN_USER, ADMIN_PASSWORD);
  await page.waitForURL(`${BASE}/`);
  for (const p of ['/account', '/account/password', '/account/tokens', '/admin', '/admin/org-units',
    '/admin/sites', '/admin/users/new', '/admin/import', '/admin/audit']) {
    await check(p);
  }
  await check('/admin/users', 'admin-users-360.png');
});
