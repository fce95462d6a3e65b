// Taking a quiz on a phone (issue 15, "Quizzes"), at 360x740 in a real
// browser: every question type fits the screen and every control is a 44 px
// target; submitting with unanswered questions asks first (in the page with
// JavaScript); answers of an open attempt are saved as they are given and
// come back when the page is opened again. Run through tests/e2e/run.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, openPage, register, screenshot } from './support.mjs';

// A citizen's course whose quiz has every question type and draws none (the
// form shows at once) and one that draws its questions (an attempt is
// started first, so answers are saved as a draft).
const ALL_TYPES = 'hoc-tap-suot-doi-voi-thu-vien';
const DRAWN = 'may-tinh-lan-dau';
const PHONE = { viewport: { width: 360, height: 740 } };

async function registerLearner(page, who) {
  await register(page, `Người học ${who}`, `${who}.${RUN}`, 'Học trên điện thoại 2026!');
}

// The boxes that are too small or stick out of a 360 px page.
async function layoutProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) {
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    }
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5) out.push(`${el.tagName}.${el.className} ends at ${r.right}`);
    }
    const targets = document.querySelectorAll(
      '.quiz-form .choice label, .quiz-form select, .quiz-form input[type=text], main button');
    for (const el of targets) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;  // not shown
      if (r.height < 44 || r.width < 44) out.push(`${el.tagName} ${el.id || el.textContent.trim().slice(0, 30)}: ${r.width}x${r.height}`);
    }
    return out;
  });
}

test('every question type fits a 360 px phone with 44 px targets', async (t) => {
  const { page } = await openPage(t, PHONE);
  await registerLearner(page, 'mobile');
  await page.goto(`${BASE}/courses/${ALL_TYPES}/quiz`);
  const types = await page.evaluate(() => ({
    radio: document.querySelectorAll('.quiz-form input[type=radio]').length,
    checkbox: document.querySelectorAll('.quiz-form input[type=checkbox]').length,
    text: document.querySelectorAll('.quiz-form input[type=text]:not([inputmode])').length,
    number: document.querySelectorAll('.quiz-form input[inputmode=decimal]').length,
    select: document.querySelectorAll('.quiz-form select').length,
  }));
  for (const [kind, n] of Object.entries(types)) assert.ok(n > 0, `the quiz shows ${kind} answers`);
  await screenshot(page, 'quiz-360.png');
  assert.deepEqual(await layoutProblems(page), []);
  // Every fieldset, the matching one included, fits.
  const widest = await page.evaluate(() =>
    Math.max(...[...document.querySelectorAll('fieldset.question')].map((f) => f.getBoundingClientRect().width)));
  assert.ok(widest <= 360, `widest question ${widest} px`);
  // A label is the radio's target: tapping the text chooses it.
  const first = page.locator('.quiz-form .choice').first();
  await first.locator('label').click({ position: { x: 200, y: 10 } });
  assert.equal(await first.locator('input').isChecked(), true);
});

test('unanswered questions: a warning in the page first, the answers kept', async (t) => {
  const { page } = await openPage(t, PHONE);
  await registerLearner(page, 'canhbao');
  await page.goto(`${BASE}/courses/${ALL_TYPES}/quiz`);
  const first = page.locator('.quiz-form .choice input').first();
  await first.check();
  await page.getByRole('button', { name: 'Nộp bài', exact: true }).click();
  const warning = page.locator('#quiz-warning');
  await warning.waitFor({ state: 'visible' });
  assert.match(page.url(), /\/quiz$/, 'nothing was sent');
  assert.ok(await warning.locator('.quiz-unanswered li').count() > 0, 'the unanswered questions are listed');
  assert.match(await warning.textContent(), /Câu 2/);
  assert.deepEqual(await layoutProblems(page), []);
  await warning.getByRole('button', { name: 'Quay lại làm tiếp' }).click();
  assert.equal(await warning.isVisible(), false);
  assert.equal(await first.isChecked(), true, 'the answer is kept');
  await page.getByRole('button', { name: 'Nộp bài', exact: true }).click();
  await warning.getByRole('button', { name: 'Vẫn nộp bài' }).click();
  await page.waitForURL(/\/attempts\/\d+/);
});

test('without JavaScript the server asks on a page of its own', async (t) => {
  const { page } = await openPage(t, { ...PHONE, javaScriptEnabled: false });
  await registerLearner(page, 'khongjs');
  await page.goto(`${BASE}/courses/${ALL_TYPES}/quiz`);
  await page.locator('.quiz-form .choice input').first().check();
  await page.getByRole('button', { name: 'Nộp bài', exact: true }).click();
  await page.waitForSelector('h1:has-text("Bạn còn câu hỏi chưa trả lời")');
  assert.match(await page.textContent('main'), /Câu 2/);
  assert.deepEqual(await layoutProblems(page), []);
  await page.getByRole('button', { name: 'Quay lại làm tiếp' }).click();
  await page.waitForSelector('form.quiz-form');
  assert.equal(await page.locator('.quiz-form .choice input').first().isChecked(), true, 'kept');
  await page.getByRole('button', { name: 'Nộp bài', exact: true }).click();
  await page.getByRole('button', { name: 'Vẫn nộp bài' }).click();
  await page.waitForURL(/\/attempts\/\d+/);
});

test('answers are saved as they are given and come back on reopening', async (t) => {
  const { page } = await openPage(t, PHONE);
  await registerLearner(page, 'nhap');
  await page.goto(`${BASE}/courses/${DRAWN}/quiz`);
  await page.click(`form[action="/courses/${DRAWN}/quiz/start"] button`);
  await page.waitForSelector('form.quiz-form');
  const choice = page.locator('.quiz-form .choice input').nth(1);
  const id = await choice.getAttribute('id');
  await choice.check();
  await page.waitForFunction(() =>
    /Đã tự động lưu/.test(document.querySelector('.quiz-draft-status')?.textContent || ''));
  // A dropped connection: the page is opened again.
  await page.goto(`${BASE}/courses/${DRAWN}/quiz`);
  assert.equal(await page.locator(`#${id}`).isChecked(), true, 'the saved answer is filled in');
  assert.deepEqual(await layoutProblems(page), []);
  // "Lưu bài làm" works without the script too (a plain form button).
  await page.getByRole('button', { name: 'Lưu bài làm' }).click();
  await page.waitForURL(/saved=1/);
  assert.match(await page.textContent('main'), /Đã lưu bài làm/);
  assert.equal(await page.locator(`#${id}`).isChecked(), true);
});

test('the countdown runs, and says the minutes left at most once a minute', async (t) => {
  const { page } = await openPage(t, PHONE);
  // A fake clock that moves only when told to.
  await page.clock.install({ time: new Date('2026-12-07T03:00:00Z') });
  await page.clock.pauseAt(new Date('2026-12-07T03:00:01Z'));
  await page.setContent(`<form id="questions" class="quiz-form" action="/x">
    <div class="notice quiz-timer" data-seconds-left="185" data-template="Còn {minutes} phút, hạn nộp 10:24" data-over="Hết giờ">
      <p class="quiz-clock" aria-hidden="true" hidden></p>
      <p class="quiz-time-left" aria-live="polite">Còn 3 phút, hạn nộp 10:24</p>
    </div></form>`);
  await page.addScriptTag({ url: `${BASE}/static/js/quiz.js` });
  await page.evaluate(() => {
    window.changes = 0;
    new MutationObserver(() => { window.changes++; })
      .observe(document.querySelector('.quiz-time-left'), { childList: true, characterData: true, subtree: true });
  });
  assert.equal(await page.textContent('.quiz-clock'), '03:05');
  assert.equal(await page.isVisible('.quiz-clock'), true);
  await page.clock.runFor(10_000);
  assert.equal(await page.textContent('.quiz-clock'), '02:55');
  assert.equal(await page.textContent('.quiz-time-left'), 'Còn 2 phút, hạn nộp 10:24');
  await page.clock.runFor(170_000);
  assert.equal(await page.textContent('.quiz-clock'), '00:05');
  assert.equal(await page.textContent('.quiz-time-left'), 'Còn 0 phút, hạn nộp 10:24');
  await page.clock.runFor(10_000);
  assert.equal(await page.textContent('.quiz-time-left'), 'Hết giờ');
  // 3 minutes: 2 -> 1 -> 0 -> over, not one announcement a second.
  assert.ok(await page.evaluate(() => window.changes) <= 4, 'the live region changed at most once a minute');
});
