// Real-browser test of the language of what pages show (issue 15, WCAG 3.1.2):
// on English pages (catalogue, course, lesson, quiz, search, my learning,
// certificate) every text written in Vietnamese sits in an element with
// lang="vi" (itself or an ancestor) under <html lang="en">; titles that have
// an English version show it. On Vietnamese pages, course titles are in
// Vietnamese and nothing marks them otherwise. Run through tests/e2e/run.sh
// (sets LOPHOC_URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, RUN, answerQuiz, openPage, register } from './support.mjs';

const COURSE = 'hoc-tap-suot-doi-voi-thu-vien';  // 5 lessons, with English titles
const here = path.dirname(fileURLToPath(import.meta.url));
const content = path.join(here, '../../content');

// A course's front matter field (title, title_en) from its course.md.
function frontMatter(slug, field) {
  const text = fs.readFileSync(path.join(content, slug, 'course.md'), 'utf8');
  const m = text.match(new RegExp(`^${field}: (.*)$`, 'm'));
  return m ? m[1].trim().replace(/^"(.*)"$/, '$1') : '';
}

// The texts on the page that hold a letter only Vietnamese uses (ă đ ơ ư and
// the letters with a dot or hook below, ạ ế ộ ...), with the language their
// element is in (the nearest lang attribute), skipping `exempt` texts:
// proper names, which WCAG 3.1.2 leaves out.
async function vietnameseTexts(page, exempt = []) {
  return page.evaluate((exempt) => {
    const vietnamese = /[ăâđơưĂĐƠƯĩĨũŨ\u1EA0-\u1EF9]/;
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (!vietnamese.test(text)) continue;
      if (exempt.some((name) => text.replace(/[()]/g, '').trim() === name)) continue;
      const parent = node.parentElement;
      if (parent.closest('script, style')) continue;
      const marked = parent.closest('[lang]');
      out.push({ text: text.slice(0, 60), lang: marked ? marked.getAttribute('lang') : '' });
    }
    return out;
  }, exempt);
}

// Opens `urlPath` (null: stays on the page) and checks that it is English and
// that every Vietnamese text on it is marked lang="vi".
async function assertMarkedVietnamese(page, urlPath, exempt = []) {
  if (urlPath !== null) {
    const response = await page.goto(BASE + urlPath);
    assert.equal(response.status(), 200, `status of ${urlPath}`);
  }
  urlPath ??= new URL(page.url()).pathname;
  assert.equal(await page.getAttribute('html', 'lang'), 'en', `${urlPath} is an English page`);
  const texts = await vietnameseTexts(page, exempt);
  const unmarked = texts.filter((t) => !t.lang.startsWith('vi'));
  assert.deepEqual(unmarked, [], `Vietnamese text on ${urlPath} without lang="vi"`);
  return texts;
}

test('on English pages every Vietnamese text carries lang="vi"', async (t) => {
  const name = 'Lê Thị Ngôn';  // a person's name: a proper name
  const { page } = await openPage(t, { locale: 'en-US', viewport: { width: 1280, height: 900 } }, 20_000);
  await register(page, name, `ngon.${RUN}`, 'Ngôn ngữ 2026 rõ ràng!');

  const title = frontMatter(COURSE, 'title');
  const titleEn = frontMatter(COURSE, 'title_en');
  assert.ok(title && titleEn, 'the course has both titles');

  await assertMarkedVietnamese(page, '/', [name]);
  assert.ok(await page.getByRole('link', { name: titleEn, exact: true }).count() > 0,
    'the catalogue shows the English title');
  await assertMarkedVietnamese(page, `/courses/${COURSE}`, [name]);
  assert.equal((await page.textContent('h1')).trim(), titleEn);
  await page.click(`form[action="/courses/${COURSE}/enrol"] button`);
  await page.waitForURL(/done=learning_enrolled/);

  const lessons = await page.locator('ol.lesson-list a').evaluateAll(
    (links) => links.map((a) => new URL(a.href).pathname));
  assert.equal(lessons.length, 5);
  const body = await assertMarkedVietnamese(page, lessons[0], [name]);
  assert.ok(body.length > 0, 'the lesson is written in Vietnamese (and marked so)');
  for (const lesson of lessons) {
    await page.goto(BASE + lesson);
    await page.click('.lesson-done button[type=submit]');
    await page.waitForLoadState('load');
  }

  await assertMarkedVietnamese(page, `/courses/${COURSE}/quiz`, [name]);
  assert.equal((await page.locator('nav.breadcrumb a').nth(1).textContent()).trim(), titleEn,
    'the quiz breadcrumb names the course in English');
  await answerQuiz(page, path.join(content, COURSE, 'quiz.md'));
  await assertMarkedVietnamese(page, null, [name]);  // the attempt: questions and feedback
  await page.click('a[href^="/certificates/"]');
  await page.waitForURL(/\/certificates\//);
  const certificate = new URL(page.url()).pathname;

  await assertMarkedVietnamese(page, certificate, [name]);
  assert.equal((await page.textContent('.certificate-course')).trim(), titleEn);
  await assertMarkedVietnamese(page, '/me', [name]);
  assert.ok(await page.getByRole('link', { name: titleEn, exact: true }).count() > 0,
    '/me names the course in English');
  assert.equal(await page.getByRole('link', { name: title, exact: true }).count(), 0,
    '/me does not show the Vietnamese title');
  await assertMarkedVietnamese(page, '/search?q=thu%20vien', [name]);
  await assertMarkedVietnamese(page, `/verify${certificate.slice('/certificates'.length)}`, [name]);
});

test('on Vietnamese pages course titles are Vietnamese and marked so', async (t) => {
  const { page } = await openPage(t, { locale: 'vi-VN' });
  await page.goto(`${BASE}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  const titles = await page.locator('.card-title a').evaluateAll((links) => links.map((a) => ({
    slug: new URL(a.href).pathname.split('/').pop(),
    text: a.textContent.trim(),
    lang: a.closest('[lang]').getAttribute('lang'),
  })));
  assert.ok(titles.length >= 10, `the catalogue lists the bundled courses (${titles.length})`);
  for (const { slug, text, lang } of titles) {
    // Courses other browser tests write in the web editor have no folder here.
    if (!fs.existsSync(path.join(content, slug, 'course.md'))) continue;
    assert.equal(text, frontMatter(slug, 'title'), `${slug}: the Vietnamese title`);
    assert.equal(lang, 'vi', `${slug}: its language is the page's`);
  }
  await page.goto(`${BASE}/courses/${COURSE}`);
  const h1 = page.locator('h1');
  assert.equal((await h1.textContent()).trim(), frontMatter(COURSE, 'title'));
  assert.equal(await h1.evaluate((e) => e.closest('[lang]').getAttribute('lang')), 'vi');
});
