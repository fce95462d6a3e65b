// Real-browser tests of the lophoc web site (node:test + playwright-core with
// the system Chromium). Run through tests/e2e/run.sh, which starts the server
// and sets LOPHOC_URL. LOPHOC_E2E_ARTIFACTS=DIR keeps two screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openPage as openContext, screenshot } from './support.mjs';

const COURSE_SLUG = 'may-tinh-lan-dau';
const COURSE_TITLE = 'Sử dụng máy tính lần đầu';

// A fresh context (own cookies) per test, Vietnamese unless a test says otherwise.
const openPage = (t, options = {}) => openContext(t, options, 15_000);

async function go(page, urlPath, expectedStatus = 200) {
  const response = await page.goto(BASE + urlPath, { waitUntil: 'load' });
  assert.ok(response, `no response for ${urlPath}`);
  assert.equal(response.status(), expectedStatus, `status of ${urlPath}`);
  return response;
}

// Vietnamese folding as the search does it: strip diacritics, đ/Đ → d, lower case.
function fold(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .trim();
}

const pathOf = (href) => new URL(href, BASE).pathname;

async function lessonLinks(page) {
  const links = page.locator('ol.lesson-list a');
  const count = await links.count();
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push({
      path: pathOf(await links.nth(i).getAttribute('href')),
      title: (await links.nth(i).innerText()).trim(),
    });
  }
  return out;
}

async function firstLessonPath() {
  const res = await fetch(`${BASE}/api/v1/courses/${COURSE_SLUG}`);
  assert.equal(res.status, 200, 'course API');
  const course = await res.json();
  assert.ok(course.lessons?.length > 0, 'course has lessons');
  return pathOf(course.lessons[0].url);
}

async function headerTexts(page) {
  return {
    lang: await page.locator('html').getAttribute('lang'),
    h1: (await page.locator('h1').first().innerText()).trim(),
  };
}

// Every image in the lesson body has a non-empty alt, finished loading and has
// real pixels. Images are lazy, so bring each one into view first.
async function checkLessonImages(page) {
  const images = page.locator('article img');
  const count = await images.count();
  assert.ok(count >= 1, 'the lesson shows at least one picture');
  for (let i = 0; i < count; i++) {
    const img = images.nth(i);
    await img.scrollIntoViewIfNeeded();
    const handle = await img.elementHandle();
    await page.waitForFunction((el) => el.complete, handle, { timeout: 10_000 });
    const info = await img.evaluate((el) => ({
      src: el.currentSrc || el.src,
      alt: el.getAttribute('alt'),
      naturalWidth: el.naturalWidth,
      naturalHeight: el.naturalHeight,
    }));
    assert.ok(info.alt && info.alt.trim().length > 0, `image ${info.src} has a non-empty alt`);
    assert.ok(info.naturalWidth > 0 && info.naturalHeight > 0,
      `image ${info.src} loaded (naturalWidth=${info.naturalWidth}, naturalHeight=${info.naturalHeight})`);
  }
}

test('catalogue → course → first lesson → next lesson', async (t) => {
  const { page } = await openPage(t);
  await go(page, '/');
  await assert.doesNotReject(page.locator('h1').first().waitFor({ state: 'visible' }));
  const { lang, h1 } = await headerTexts(page);
  assert.equal(lang, 'vi');
  assert.equal(h1, 'Các khóa học');

  const cards = page.locator('main .cards a[href^="/courses/"]');
  assert.ok((await cards.count()) >= 1, 'at least one course card link');

  await page.getByRole('link', { name: COURSE_TITLE, exact: true }).click();
  await page.waitForURL(`${BASE}/courses/${COURSE_SLUG}`);
  assert.equal((await page.locator('h1').innerText()).trim(), COURSE_TITLE);
  const lessons = await lessonLinks(page);
  assert.ok(lessons.length >= 2, `course lists its lessons (found ${lessons.length})`);
  for (const l of lessons) {
    assert.ok(l.path.startsWith(`/courses/${COURSE_SLUG}/`), `lesson link ${l.path}`);
    assert.ok(l.title.length > 0, `lesson link ${l.path} has text`);
  }

  await page.getByRole('link', { name: 'Bắt đầu học' }).first().click();
  await page.waitForURL(BASE + lessons[0].path);
  assert.equal((await page.locator('main h1').innerText()).trim(), lessons[0].title);
  assert.match(await page.title(), new RegExp(lessons[0].title));

  // Table of contents: every link points at a heading that exists on the page.
  const toc = page.locator('nav.toc a');
  const tocCount = await toc.count();
  assert.ok(tocCount >= 1, 'the lesson has a table of contents');
  for (let i = 0; i < tocCount; i++) {
    const href = await toc.nth(i).getAttribute('href');
    assert.match(href, /^#./, `TOC link ${href} is a fragment`);
    const id = decodeURIComponent(href.slice(1));
    const target = await page.evaluate((x) => {
      const el = document.getElementById(x);
      return el ? { tag: el.tagName, text: el.textContent.trim() } : null;
    }, id);
    assert.ok(target, `TOC link ${href} points at an existing id`);
    assert.match(target.tag, /^H[1-6]$/, `TOC link ${href} points at a heading (got ${target.tag})`);
    assert.equal(target.text, (await toc.nth(i).innerText()).trim(), `TOC text of ${href}`);
  }

  await checkLessonImages(page);

  const next = page.getByRole('link', { name: /Bài tiếp theo/ });
  assert.equal(await next.count(), 1, 'one "Bài tiếp theo" link');
  assert.equal(pathOf(await next.getAttribute('href')), lessons[1].path);
  await next.click();
  await page.waitForURL(BASE + lessons[1].path);
  assert.equal((await page.locator('main h1').innerText()).trim(), lessons[1].title);
  const prev = page.getByRole('link', { name: /Bài trước/ });
  assert.equal(pathOf(await prev.getAttribute('href')), lessons[0].path, 'lesson 2 links back to lesson 1');
});

test('search folds Vietnamese: "dang ky" and "tin hoc" find lessons', async (t) => {
  const { page } = await openPage(t);
  await go(page, '/');

  const box = page.getByLabel('Tìm bài học');
  await box.fill('dang ky');
  await box.press('Enter');
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === 'dang ky');
  assert.equal(await page.getByLabel('Tìm bài học').inputValue(), 'dang ky', 'the box keeps the query');

  const results = page.locator('ol.results > li');
  assert.ok((await results.count()) >= 1, '"dang ky" finds at least one result');
  const marks = (await page.locator('ol.results > li mark').allInnerTexts()).map(fold);
  assert.ok(marks.includes('dang'),
    `some snippet highlights a word folding to "dang" (marks: ${JSON.stringify(marks.slice(0, 10))})`);
  const firstLink = results.first().locator('a').first();
  const href = await firstLink.getAttribute('href');
  assert.match(href, /^\/courses\/[^/]+/, 'result links to a course or lesson');

  const box2 = page.getByLabel('Tìm bài học');
  await box2.fill('tin hoc');
  await box2.press('Enter');
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === 'tin hoc');
  assert.ok((await page.locator('ol.results > li').count()) >= 1, '"tin hoc" finds at least one result');

  // A result opens its page.
  const target = pathOf(await page.locator('ol.results > li a').first().getAttribute('href'));
  await page.locator('ol.results > li a').first().click();
  await page.waitForURL(BASE + target);
  await page.locator('main h1').waitFor();

  await go(page, '/search?q=' + encodeURIComponent('zzqxv không có từ này'));
  assert.equal(await page.locator('ol.results > li').count(), 0, 'nonsense finds nothing');
  await page.getByText('Không tìm thấy bài học nào', { exact: false }).waitFor();
});

test('language switch to English persists on the next page (cookie)', async (t) => {
  const { context, page } = await openPage(t);
  await go(page, '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');

  await page.getByRole('link', { name: 'English', exact: true }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Courses');
  await page.getByLabel('Search lessons').waitFor();
  await page.getByRole('button', { name: 'Search' }).waitFor();
  assert.equal(await page.locator('.skip-link').innerText(), 'Skip to main content');
  // The current language is shown as text, the other one as a link.
  await page.getByRole('link', { name: 'Tiếng Việt', exact: true }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'English', exact: true }).count(), 0);

  // Next page, without ?lang in the URL: still English.
  await go(page, `/courses/${COURSE_SLUG}`);
  assert.equal(new URL(page.url()).searchParams.get('lang'), null);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('link', { name: 'Start learning' }).first().waitFor();
  await page.getByRole('heading', { name: 'Lessons', exact: true }).waitFor();
  const cookies = await context.cookies(BASE);
  assert.ok(cookies.some((c) => c.value === 'en'), `a cookie remembers "en" (${JSON.stringify(cookies)})`);

  // And a lesson page.
  await page.getByRole('link', { name: 'Start learning' }).first().click();
  await page.waitForURL((u) => u.pathname.startsWith(`/courses/${COURSE_SLUG}/`));
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('link', { name: /Next lesson/ }).waitFor();

  // Switching back works too.
  await page.getByRole('link', { name: 'Tiếng Việt', exact: true }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  await go(page, '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
});

test('works without JavaScript: catalogue → course → lesson, and search', async (t) => {
  const { page } = await openPage(t, { javaScriptEnabled: false });
  await go(page, '/');
  await page.getByRole('link', { name: COURSE_TITLE, exact: true }).click();
  await page.waitForURL(`${BASE}/courses/${COURSE_SLUG}`);
  await page.getByRole('link', { name: 'Bắt đầu học' }).first().click();
  await page.waitForURL((u) => u.pathname.startsWith(`/courses/${COURSE_SLUG}/`));
  assert.ok((await page.locator('main h1').innerText()).trim().length > 0);
  await page.getByRole('link', { name: /Bài tiếp theo/ }).click();
  await page.waitForURL((u) => u.pathname.startsWith(`/courses/${COURSE_SLUG}/`));

  const box = page.getByLabel('Tìm bài học');
  await box.fill('dang ky');
  await box.press('Enter');
  await page.waitForURL((u) => u.pathname === '/search');
  assert.ok((await page.locator('ol.results > li').count()) >= 1, 'search works without JavaScript');

  // The lesson outline is a <details>, which opens without JavaScript.
  await go(page, await firstLessonPath());
  const outline = page.locator('details.outline');
  await outline.locator('summary').click();
  assert.equal(await outline.evaluate((d) => d.open), true);
  assert.ok((await outline.locator('ol li').count()) >= 2);
});

test('phone (360 px): the first lesson does not scroll sideways', async (t) => {
  const { page } = await openPage(t, {
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const first = await firstLessonPath();
  await go(page, first);
  const widths = () => page.evaluate(() => ({
    inner: window.innerWidth,
    scroll: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
  }));
  let w = await widths();
  assert.equal(w.inner, 360, 'the viewport meta makes the layout 360 px wide');
  assert.ok(w.scroll <= 360, `no horizontal scroll on ${first} (scrollWidth=${w.scroll})`);

  // Load the lazy pictures, then check again, and take the screenshot.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => window.scrollTo(0, 0));
  w = await widths();
  assert.ok(w.scroll <= 360, `no horizontal scroll after images load (scrollWidth=${w.scroll})`);
  await screenshot(page, 'lesson-360.png');
});

// Text that cannot wrap (long web addresses, for instance) must not widen the
// page: checks every bundled course page and lesson, not just one course.
test('phone (360 px): no catalogue, search, course or lesson page scrolls sideways', async (t) => {
  const { page } = await openPage(t, {
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const list = await (await fetch(`${BASE}/api/v1/courses`)).json();
  assert.ok(list.courses.length >= 1, 'the API lists courses');
  const paths = ['/', '/?lang=en', '/search?q=dang%20ky', '/?lang=vi'];
  for (const c of list.courses) {
    const course = await (await fetch(`${BASE}/api/v1/courses/${c.slug}`)).json();
    paths.push(pathOf(c.url), ...course.lessons.map((l) => pathOf(l.url)));
  }
  const wide = [];
  for (const p of paths) {
    await go(page, p);
    // Load every lazy picture (they cannot widen the page once loaded either).
    await page.evaluate(() => document.querySelectorAll('img[loading=lazy]').forEach((i) => { i.loading = 'eager'; }));
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    const found = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const scroll = document.documentElement.scrollWidth;
      if (scroll <= width) return null;
      // Name the text that sticks out, to make the failure actionable.
      const culprits = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode() && culprits.length < 3) {
        const range = document.createRange();
        range.selectNodeContents(walker.currentNode);
        if ([...range.getClientRects()].some((r) => r.right > width + 0.5)) {
          culprits.push(`<${walker.currentNode.parentElement.tagName.toLowerCase()}> `
            + JSON.stringify(walker.currentNode.textContent.trim().slice(0, 60)));
        }
      }
      for (const el of document.querySelectorAll('body *')) {
        if (culprits.length >= 3) break;
        if (el.getBoundingClientRect().right > width + 0.5) culprits.push(`<${el.tagName.toLowerCase()} class="${el.className}">`);
      }
      return `scrollWidth=${scroll}: ${culprits.join(', ')}`;
    });
    if (found) wide.push(`${p} (${found})`);
  }
  assert.deepEqual(wide, [], 'pages wider than a 360 px phone');
});

test('accessibility basics: skip link, alt, labels, visible focus', async (t) => {
  const { page } = await openPage(t, { viewport: { width: 1280, height: 900 } });
  const first = await firstLessonPath();
  await go(page, first);

  // The skip link is the first thing Tab reaches and it targets #main.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName, cls: el.className, href: el.getAttribute('href'),
      outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth),
      visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
        r.left < window.innerWidth && r.top < window.innerHeight,
    };
  });
  assert.equal(focused.tag, 'A', 'Tab focuses a link first');
  assert.equal(focused.href, '#main', 'the first focusable element is the skip link to #main');
  assert.ok(focused.visible, 'the focused skip link is on screen');
  assert.notEqual(focused.outlineStyle, 'none', 'the focused skip link shows an outline');
  assert.ok(focused.outlineWidth > 0, 'the focus outline has a width');
  assert.equal(await page.locator('main#main').count(), 1, '#main is the <main> element');

  // Following it moves focus into the main content.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#main');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

  // The next Tab after the skip link (from the top) lands on a visibly focused link.
  await go(page, first);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const second = await page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return { tag: el.tagName, href: el.getAttribute('href'), outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) };
  });
  assert.equal(second.tag, 'A', `second Tab stop is a link (got ${second.tag})`);
  assert.notEqual(second.outlineStyle, 'none', `focused link ${second.href} shows an outline`);
  assert.ok(second.outlineWidth > 0, `focused link ${second.href} outline has a width`);

  // Every image has alt; every form field has a label; html lang is set.
  for (const p of ['/', `/courses/${COURSE_SLUG}`, first, '/search?q=tin%20hoc']) {
    await go(page, p);
    const report = await page.evaluate(() => {
      const noAlt = [...document.querySelectorAll('img')]
        .filter((i) => !i.hasAttribute('alt')).map((i) => i.src);
      const unlabelled = [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'hidden')
        .filter((el) => {
          const labelText = [...(el.labels || [])].map((l) => l.textContent.trim()).join('');
          const aria = (el.getAttribute('aria-label') || '').trim();
          const by = (el.getAttribute('aria-labelledby') || '').trim();
          return !labelText && !aria && !by;
        })
        .map((el) => el.outerHTML.slice(0, 120));
      return { noAlt, unlabelled, lang: document.documentElement.lang, title: document.title };
    });
    assert.deepEqual(report.noAlt, [], `images without alt on ${p}`);
    assert.deepEqual(report.unlabelled, [], `inputs without a label on ${p}`);
    assert.ok(report.lang, `<html lang> on ${p}`);
    assert.ok(report.title.trim(), `<title> on ${p}`);
  }
});

test('unknown course: HTML 404 page with a link home', async (t) => {
  const { page } = await openPage(t);
  for (const p of ['/courses/khong-co-khoa-hoc-nay', `/courses/${COURSE_SLUG}/khong-co-bai-nay`]) {
    const response = await go(page, p, 404);
    assert.match(response.headers()['content-type'] || '', /^text\/html/, `content type of ${p}`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    assert.ok((await page.locator('main h1').innerText()).trim().length > 0, `404 page ${p} has a heading`);
    const home = page.locator('main a[href="/"]');
    assert.ok((await home.count()) >= 1, `404 page ${p} links home`);
    await home.first().click();
    await page.waitForURL(`${BASE}/`);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Các khóa học');
  }
});

test('lesson page: no console errors, failed requests or CSP violations', async (t) => {
  const { context, page } = await openPage(t);
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  // Playwright's init scripts are not subject to the page's CSP.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });

  const first = await firstLessonPath();
  const response = await go(page, first);
  assert.ok(response.headers()['content-security-policy'], 'the lesson is served with a CSP');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState('networkidle');
  // Every stylesheet rule applied: the CSS really loaded (not blocked).
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position);
  assert.equal(styled, 'absolute', 'site.css is applied');
  const csp = await page.evaluate(() => window.__csp);
  assert.deepEqual(csp, [], 'CSP violations');
  assert.deepEqual(problems, [], 'console errors / failed requests');
});

test('desktop (1280 px): catalogue fits the window', async (t) => {
  const { page } = await openPage(t, { viewport: { width: 1280, height: 900 } });
  await go(page, '/');
  await page.waitForLoadState('networkidle');
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 1280, `no horizontal scroll at 1280 px (scrollWidth=${w})`);
  await screenshot(page, 'catalogue-1280.png');
});

test('the footer leads to a readable API page that fits a phone', async (t) => {
  const { page } = await openPage(t, { viewport: { width: 360, height: 740 } });
  await go(page, '/');
  await page.click('footer.site-footer a[href="/api"]');
  await page.waitForURL(/\/api$/);
  assert.equal(await page.textContent('h1'), 'Tài liệu API');
  // /api lists the groups; a group's page lists its endpoints.
  await page.click('a[href="/api?group=courses#api-courses"]');
  await page.waitForURL(/\/api\?group=courses#api-courses$/);
  assert.ok(await page.locator('h3:has-text("GET /api/v1/courses")').count() >= 1,
    'GET /api/v1/courses is listed');
  assert.equal(await page.locator('script').count(), 0, 'no script on the page');
  assert.equal(await page.locator('a[href="/api/v1/openapi.json"]').count(), 1, 'the JSON is linked');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scroll on /api (width ${width})`);
  // The focus style applied in the browser: a dark outline around a white ring.
  await page.focus('a[href="/api/v1/openapi.json"]');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement);
    return { outline: cs.outlineColor, shadow: cs.boxShadow, href: document.activeElement.getAttribute('href') };
  });
  assert.equal(focus.href, '/api/v1/openapi.json');
  assert.equal(focus.outline, 'rgb(27, 27, 27)', 'the outline is dark');
  assert.match(focus.shadow, /rgb\(255, 255, 255\)/, 'inside a white ring');
});
