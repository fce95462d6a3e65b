// Real-browser test of a citizen's learning: register, read the lessons of a
// bundled course (marking each done), take its quiz with the plain HTML form,
// pass it and reach the printable certificate, which /verify confirms for a
// stranger. The answers come from the course's quiz.md, as a learner who
// studied would know them. And, in a course with `lesson_done: end`, that
// scrolling to a lesson's end marks it done (static/js/lesson.js). Run
// through tests/e2e/run.sh (sets LOPHOC_URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, RUN, answerQuiz, openPage, register } from './support.mjs';

const COURSE = 'dich-vu-cong-truc-tuyen';
const here = path.dirname(fileURLToPath(import.meta.url));

test('a citizen takes a course from the first lesson to a verified certificate', async (t) => {
  const { page } = await openPage(t, { viewport: { width: 360, height: 800 } });

  await register(page, 'Nguyễn Văn Học', `hoc.${RUN}`, 'Học cả đời 2026!');

  await page.goto(`${BASE}/courses/${COURSE}`);
  await page.click(`form[action="/courses/${COURSE}/enrol"] button`);
  await page.waitForURL(/done=learning_enrolled/);
  assert.match(await page.textContent('.learning-panel'), /Đã học 0\/7 bài/);

  // Read every lesson, pressing "done" at its end; the button goes on to the next one.
  await page.click('.learning-panel a.button');
  for (let i = 0; i < 7; i++) {
    await page.click('.lesson-done button[type=submit]');
    await page.waitForLoadState('load');
  }
  await page.goto(`${BASE}/courses/${COURSE}`);
  assert.equal(await page.locator('.lesson-list li.done').count(), 7);

  await page.goto(`${BASE}/courses/${COURSE}/quiz`);
  await answerQuiz(page, path.join(here, '../../content', COURSE, 'quiz.md'));
  assert.match(await page.textContent('.attempt-score'), /100%/);
  assert.ok(await page.locator('.feedback').count() > 0, 'feedback is shown after the attempt');

  await page.click('a[href^="/certificates/"]');
  await page.waitForURL(/\/certificates\//);
  const code = page.url().split('/certificates/')[1];
  assert.match(await page.textContent('.certificate'), /Nguyễn Văn Học/);
  // With JavaScript the print button shows, in place of the hint.
  assert.equal(await page.locator('#print-certificate').isVisible(), true, 'the print button shows');
  assert.equal(await page.locator('#print-hint').isVisible(), false, 'the hint gives way to it');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false, 'the header is not printed');
  assert.equal(await page.locator('#print-certificate').isVisible(), false, 'nor the button');
  assert.equal(await page.locator('.certificate-code').isVisible(), true, 'the code is printed');
  assert.equal(await page.locator('.certificate-verify').isVisible(), true, 'and where to check it');

  const { page: check } = await openPage(t, {}, 30_000);  // Playwright's default wait
  await check.goto(`${BASE}/verify`);
  await check.fill('#f-code', code.toLowerCase().replaceAll('-', ''));
  await check.click('form.stack-form button[type=submit]');
  assert.match(await check.textContent('.verify-result'), /còn hiệu lực/);
  assert.match(await check.textContent('.verify-result'), /Nguyễn Văn Học/);

  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${BASE}/me`);
  assert.match(await page.textContent('main'), /Đã hoàn thành/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scroll on /me (width ${width})`);
});

test('in a course with lesson_done: end, reaching the end of a lesson marks it done', async (t) => {
  const { page } = await openPage(t, { viewport: { width: 360, height: 640 } });
  await register(page, 'Trần Thị Đọc', `doc.${RUN}`, 'Đọc đến cuối 2026!');

  const course = 'hoc-tap-suot-doi-voi-thu-vien';
  await page.goto(`${BASE}/courses/${course}`);
  const first = await page.locator('.lesson-list a').first().getAttribute('href');
  await page.goto(`${BASE}${first}`);
  assert.equal(await page.locator('#lesson-done-form[data-auto]').count(), 1);
  assert.equal(await page.locator('#lesson-done-auto').isVisible(), false);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForSelector('#lesson-done-auto', { state: 'visible' });
  await page.goto(`${BASE}/courses/${course}`);
  assert.equal(await page.locator('.lesson-list li.done').count(), 1);
});
