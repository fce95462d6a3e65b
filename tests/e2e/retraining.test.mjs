// Real-browser test of a retraining cycle (docs/retraining.md): a provincial
// librarian whose certification of the bundled programme
// boi-duong-dinh-ky-thu-vien (24 months, due 90 days before, from_expiry) was
// recorded 23 months ago is due; their manager sees them on the "due" list.
// Two of the three refresher courses were done in the provincial training
// room (recorded as prior learning); the librarian takes the third in the
// browser, lessons and quiz, and "My learning" then shows the new last valid
// day with the rule that gave it; the manager's list no longer has them.
// The province, site and accounts are made through the API by the e2e admin.
// Run through tests/e2e/run.sh (sets LOPHOC_URL, LOPHOC_ADMIN_USER,
// LOPHOC_ADMIN_PASSWORD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BASE, RUN, addMonths, adminApi, answerQuiz, fillSignIn, iso, openPage, screenshot, shown, todayInVietnam,
} from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const PROGRAMME = 'boi-duong-dinh-ky-thu-vien';
const RECORDED = ['chuyen-doi-so-thu-vien', 'an-toan-thong-tin-thu-vien'];
const COURSE = 'ai-va-tin-gia';  // the third refresher course, six lessons and a quiz

async function signIn(t, username, password) {
  const { page } = await openPage(t, { viewport: { width: 360, height: 800 } });
  await page.goto(`${BASE}/login`);
  await fillSignIn(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function dueList(page, province) {
  await page.goto(`${BASE}/admin/due?org=${province}&days=90`);
  return page.locator('main').innerText();
}

test('a librarian renews with the refresher and leaves the manager\'s due list', async (t) => {
  const today = todayInVietnam();
  const earlier = addMonths(today, -23);      // the recorded certification
  const oldUntil = addMonths(earlier, 24);    // about a month from now: due
  const newUntil = addMonths(oldUntil, 24);   // renewed in the window: from the old end

  const { api, post } = await adminApi();
  t.after(() => api.dispose());
  const province = `P-${RUN}`.toUpperCase();
  await post('/api/v1/org-units', { code: province, name: `Tỉnh E2E ${RUN}`, level: 'province', parent: 'VN' });
  const site = `TV-${RUN}`.toUpperCase();
  await post('/api/v1/sites', { code: site, name: 'Thư viện tỉnh E2E', type: 'provincial_library', org: province });
  const librarian = { username: `thu.vien.${RUN}`, password: 'Thư viện tỉnh học lại 2026!' };
  const made = await post('/api/v1/users', {
    username: librarian.username, display_name: 'Lê Thị Thư', roles: ['learner'], org: province,
    site, staff_category: 'provincial_librarian', password: librarian.password,
  });
  const manager = { username: `quan.ly.${RUN}`, password: 'Quản lý tỉnh E2E 2026!' };
  await post('/api/v1/users', {
    username: manager.username, display_name: 'Phạm Văn Quản', roles: ['manager'], org: province,
    password: manager.password,
  });
  const certifications = `/api/v1/users/${made.user.id}/certifications`;
  await post(certifications, {
    programme: PROGRAMME, date: iso(earlier), evidence: `Giấy chứng nhận lớp tập huấn ${shown(earlier)}`,
  });
  for (const course of RECORDED) {
    await post(certifications, {
      course, date: shown(today), evidence: 'Lớp bồi dưỡng trực tiếp tại phòng đào tạo của tỉnh',
    });
  }

  // The manager sees the librarian on the due list.
  const managerPage = await signIn(t, manager.username, manager.password);
  assert.match(await dueList(managerPage, province), /Lê Thị Thư/);
  await screenshot(managerPage, 'retraining-due-before.png');

  // The librarian sees why: due, until the old last valid day.
  const page = await signIn(t, librarian.username, librarian.password);
  await page.goto(`${BASE}/me`);
  const before = await page.locator('.programmes').innerText();
  assert.ok(before.includes(`Đến kỳ học lại: chứng nhận còn hiệu lực đến ${shown(oldUntil)}`), before);
  assert.ok(before.includes('Lộ trình bồi dưỡng định kỳ'), before);
  assert.equal(await page.locator(`.programmes a[href="/courses/${COURSE}"]`).count(), 1);

  // The last refresher course: enrol, read every lesson, pass the quiz.
  await page.locator(`.programmes a[href="/courses/${COURSE}"]`).click();
  await page.waitForURL(new RegExp(`/courses/${COURSE}$`));
  await page.click(`form[action="/courses/${COURSE}/enrol"] button`);
  await page.waitForURL(/done=learning_enrolled/);
  await page.click('.learning-panel a.button');
  for (let i = 0; i < 6; i++) {
    await page.click('.lesson-done button[type=submit]');
    await page.waitForLoadState('load');
  }
  await page.goto(`${BASE}/courses/${COURSE}/quiz`);
  await answerQuiz(page, path.join(here, '../../content', COURSE, 'quiz.md'));
  assert.match(await page.textContent('.attempt-score'), /100%/);

  // Renewed inside the window: the new cycle runs on from the old end.
  await page.goto(`${BASE}/me`);
  const after = await page.locator('.programmes').innerText();
  assert.ok(after.includes(`Còn hiệu lực đến ${shown(newUntil)}`), after);
  assert.ok(after.includes(
    `Hiệu lực đến ${shown(newUntil)} vì bạn học lại trong thời gian gia hạn (hoàn thành ngày ` +
    `${shown(today)}), nên 24 tháng hiệu lực được tính tiếp từ ngày hết hạn cũ ${shown(oldUntil)}.`),
  after);
  await page.locator('.programmes details summary').first().click();
  const history = await page.locator('.programmes table.history').innerText();
  // Both cycles, newest first; both rest on learning recorded by the province.
  assert.equal(await page.locator('.programmes table.history tbody tr').count(), 2);
  assert.ok(history.indexOf(shown(newUntil)) < history.indexOf(shown(oldUntil)), history);
  assert.match(history, /Được ghi nhận \(học ngoài hệ thống\)/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scroll on /me (width ${width})`);
  await screenshot(page, 'retraining-me-after.png');

  // And the manager's list no longer has them.
  assert.doesNotMatch(await dueList(managerPage, province), /Lê Thị Thư/);
});
