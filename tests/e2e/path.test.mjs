// Finding and finishing the path (issue 15) in a real browser, on a 360x740
// phone and at 1280 px: the course page's action on the first screen (and
// again after the introduction), the catalogue grouped by audience with a
// filter that works without JavaScript, registering back to the course with
// every error shown at once, and a lesson marked done saying so, with
// progress counted in lessons. Run through tests/e2e/run.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, openPage } from './support.mjs';

const COURSE = 'may-tinh-lan-dau';  // citizens, 7 lessons and a quiz
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const PASSWORD = 'Học ở thư viện xã 2026!';

// The top of `locator` in page coordinates, with the page scrolled to its top.
async function topOf(page, locator) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await locator.boundingBox();
  assert.ok(box, 'the element is shown');
  return box.y;
}

// The course page's actions: before the introduction and after it.
function actions(page) {
  return page.locator('main .course-action');
}

for (const viewport of [PHONE, DESKTOP]) {
  test(`at ${viewport.width} px a guest sees "Bắt đầu học" on the first screen, then "Học tiếp"`, async (t) => {
    const { page } = await openPage(t, { viewport });
    await page.goto(`${BASE}/courses/${COURSE}`);
    const start = actions(page).first().getByRole('link', { name: 'Bắt đầu học' });
    assert.ok(await topOf(page, start) < viewport.height - 44, 'the button is on the first screen');
    // And again after the introduction.
    assert.equal(await actions(page).count(), 2);
    assert.equal(await actions(page).last().getByRole('link', { name: 'Bắt đầu học' }).count(), 1);

    await start.click();
    await page.locator('.lesson-done').waitFor();
    await page.locator('.lesson-done').getByRole('link', { name: 'Đã học xong bài này' }).click();
    await page.getByRole('button', { name: 'Đã học xong bài này' }).click();
    await page.waitForURL(/done=path_lesson_done/);
    const notice = page.getByRole('status').filter({ hasText: 'Đã ghi nhận' });
    assert.equal((await notice.innerText()).trim(), 'Đã ghi nhận: bạn đã học xong bài 1/7.');
    assert.ok(await topOf(page, notice) < viewport.height, 'the confirmation is on the first screen');

    await page.goto(`${BASE}/courses/${COURSE}`);
    const next = actions(page).first().getByRole('link', { name: 'Học tiếp' });
    assert.ok(await topOf(page, next) < viewport.height - 44, '"Học tiếp" is on the first screen');
    assert.match(await page.locator('.learning-panel').innerText(), /Đã học 1\/7 bài/);
    assert.doesNotMatch(await page.locator('.learning-panel').innerText(), /%/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `no sideways scroll (width ${width})`);
  });
}

test('a learner registers from the course page, comes back to it, enrols and continues', async (t) => {
  const { page } = await openPage(t, { viewport: PHONE });
  await page.goto(`${BASE}/courses/${COURSE}`);
  await page.locator('.learning-panel').getByRole('link', { name: 'Đăng ký' }).click();
  await page.waitForURL(/\/register\?next=/);

  // Every problem at once, each at its field; what was typed stays (not the password).
  await page.fill('#f-display_name', 'Bà Lê Thị Sáu');
  await page.fill('#f-username', 'x');
  await page.fill('#f-password', '123456789a');
  await page.fill('#f-confirm_password', '123456789b');
  await page.click('form.stack-form button[type=submit]');
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.locator('.error-summary li a').count(), 3);
  for (const field of ['username', 'password', 'confirm_password']) {
    assert.equal(await page.getAttribute(`#f-${field}`, 'aria-invalid'), 'true', field);
    assert.match(await page.getAttribute(`#f-${field}`, 'aria-describedby'), new RegExp(`f-${field}-error`));
  }
  assert.equal(await page.inputValue('#f-display_name'), 'Bà Lê Thị Sáu');
  assert.equal(await page.inputValue('#f-username'), 'x');
  assert.equal(await page.inputValue('#f-password'), '');
  await page.locator('.error-summary a[href="#f-password"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-password');

  await page.fill('#f-username', `sau.${RUN}`);
  await page.fill('#f-password', PASSWORD);
  await page.fill('#f-confirm_password', PASSWORD);
  await page.click('form.stack-form button[type=submit]');
  await page.waitForURL(`${BASE}/courses/${COURSE}`);

  const enrol = actions(page).first().getByRole('button', { name: 'Ghi danh khóa học' });
  assert.ok(await topOf(page, enrol) < PHONE.height - 44, '"Ghi danh khóa học" is on the first screen');
  await enrol.click();
  await page.waitForURL(/done=learning_enrolled/);
  const start = actions(page).first().getByRole('link', { name: 'Bắt đầu học' });
  assert.ok(await topOf(page, start) < PHONE.height - 44, '"Bắt đầu học" is on the first screen');
  assert.match(await page.locator('.learning-panel').innerText(), /Đã học 0\/7 bài/);

  await start.click();
  await page.click('.lesson-done button[type=submit]');
  await page.waitForURL(/done=path_lesson_done/);
  await page.getByText('Đã ghi nhận: bạn đã học xong bài 1/7.').waitFor();
  assert.match(await page.locator('.lesson-done').innerText(), /Đã học 1\/7 bài/);
  assert.equal(await page.locator('.lesson-done progress').getAttribute('value'), '1');

  await page.goto(`${BASE}/courses/${COURSE}`);
  const next = actions(page).first().getByRole('link', { name: 'Học tiếp' });
  assert.ok(await topOf(page, next) < PHONE.height - 44, '"Học tiếp" is on the first screen');
  assert.doesNotMatch(await page.locator('.learning-panel').innerText(), /%/);

  // A citizen's account shows no staff fields and no API tokens.
  await page.goto(`${BASE}/account`);
  const account = await page.locator('main').innerText();
  assert.doesNotMatch(account, /Đơn vị/);
  assert.doesNotMatch(account, /Khóa API/);
});

for (const viewport of [PHONE, DESKTOP]) {
  test(`at ${viewport.width} px the catalogue puts citizens' courses first, and filters without JavaScript`, async (t) => {
    const { page } = await openPage(t, { viewport, javaScriptEnabled: false });
    await page.goto(`${BASE}/`);
    const headings = await page.locator('main .catalogue-group > h2').allInnerTexts();
    assert.deepEqual(headings.map((h) => h.trim()),
      ['Khóa học cho người dân', 'Khóa học cho mọi người', 'Khóa học cho cán bộ']);
    const first = page.locator('main .catalogue-group').first().locator('.badge').first();
    assert.equal((await first.innerText()).trim(), 'Cho người dân');

    await page.selectOption('#f-audience', 'staff');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/\?audience=staff$/);
    const filtered = await page.locator('main .catalogue-group > h2').allInnerTexts();
    assert.deepEqual(filtered.map((h) => h.trim()), ['Khóa học cho mọi người', 'Khóa học cho cán bộ']);
    assert.equal(await page.inputValue('#f-audience'), 'staff');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `no sideways scroll (width ${width})`);
  });
}
