// Real-browser checks of the site's face (issue 15) over every page family, as
// a guest, a citizen learner, a staff learner, a trainer, a manager and an
// admin, in Vietnamese and in English:
// - axe-core (tests/e2e/node_modules/axe-core, pinned in package.json) finds
//   no violation;
// - each page, loaded cold (a fresh browser context: empty cache), transfers
//   under 30 KB with its subresources; the table of bytes and requests is
//   printed;
// - at 360x740 the header is at most 120 px tall for guests and learners;
// - at 1280 px the header, the content and the footer share one column.
// Run through tests/e2e/run.sh (sets LOPHOC_URL and the e2e accounts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BASE, RUN, adminApi, answerQuiz, fromEnv, openPage, fillSignIn, register, screenshot,
} from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = fs.readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const { LOPHOC_ADMIN_USER, LOPHOC_ADMIN_PASSWORD, LOPHOC_TRAINER_USER, LOPHOC_TRAINER_PASSWORD } =
  fromEnv('LOPHOC_ADMIN_USER', 'LOPHOC_ADMIN_PASSWORD', 'LOPHOC_TRAINER_USER', 'LOPHOC_TRAINER_PASSWORD');

const COURSE = 'hoc-tap-suot-doi-voi-thu-vien';  // citizen course, 5 lessons and a quiz
const LESSON = `/courses/${COURSE}/thu-vien-co-gi-mien-phi`;
const STAFF_COURSE = 'an-toan-thong-tin-thu-vien';
const PROGRAMME = 'boi-duong-dinh-ky-thu-vien';
const MAX_BYTES = 30 * 1024;
const MAX_HEADER_PX = 120;
const PHONE = { width: 360, height: 740 };
const LOCALES = { vi: 'vi-VN', en: 'en-US' };

// The storage state (cookies) of `username` signed in through the form.
async function signedInState(t, username, password) {
  const { context, page } = await openPage(t);
  await page.goto(`${BASE}/login`);
  await fillSignIn(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return context.storageState();
}

// Loads `urlPath` cold in a fresh context (empty cache) with `state`'s
// cookies at `viewport`: its status, the bytes transferred (headers and
// encoded bodies of the page and every subresource), the requests, the
// header's height, and axe-core's violations.
async function measure(t, { state, lang, urlPath, viewport = PHONE }) {
  const { context, page } = await openPage(t, {
    locale: LOCALES[lang], viewport, ...(state ? { storageState: state } : {}),
  }, 20_000);
  const finished = [];
  page.on('requestfinished', (request) => finished.push(request));
  const response = await page.goto(BASE + urlPath, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  let bytes = 0;
  for (const request of finished) {
    const sizes = await request.sizes();
    bytes += sizes.responseHeadersSize + sizes.responseBodySize;
  }
  const header = await page.locator('.site-header').boundingBox();
  await page.evaluate(AXE);
  const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const violations = axe.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  const result = {
    status: response.status(), finalPath: new URL(page.url()).pathname, bytes,
    requests: finished.length, headerHeight: header ? Math.round(header.height) : 0, violations,
  };
  await context.close();
  return result;
}

// Makes the people and records every page family needs; returns the roles
// (name, storage state, pages to visit).
async function setUp(t) {
  const { api, post } = await adminApi();
  t.after(() => api.dispose());
  const province = `F-${RUN}`.toUpperCase();
  await post('/api/v1/org-units', { code: province, name: `Tỉnh Giao Diện ${RUN}`, level: 'province', parent: 'VN' });
  const site = `TVF-${RUN}`.toUpperCase();
  await post('/api/v1/sites', { code: site, name: `Thư viện tỉnh Giao Diện ${RUN}`, type: 'provincial_library', org: province });
  const staff = { username: `f.can.bo.${RUN}`, password: 'Cán bộ thư viện giao diện 2026!' };
  const made = await post('/api/v1/users', {
    username: staff.username, display_name: 'Lê Thị Diện', roles: ['learner'], org: province,
    site, staff_category: 'provincial_librarian', password: staff.password,
  });
  const manager = { username: `f.quan.ly.${RUN}`, password: 'Quản lý giao diện E2E 2026!' };
  await post('/api/v1/users', {
    username: manager.username, display_name: 'Phạm Văn Diện', roles: ['manager'], org: province,
    password: manager.password,
  });

  // A citizen registers, takes the course and passes its quiz: a result and a certificate.
  const citizen = { username: `f.dan.${RUN}`, password: 'Học cùng thư viện 2026!' };
  const { context, page } = await openPage(t, { viewport: PHONE });
  await register(page, 'Nguyễn Thị Giao', citizen.username, citizen.password);
  await page.goto(`${BASE}/courses/${COURSE}`);
  await page.click(`form[action="/courses/${COURSE}/enrol"] button`);
  await page.waitForURL(/done=learning_enrolled/);
  await page.click('.learning-panel a.button');
  for (let i = 0; i < 5; i++) {
    await page.click('.lesson-done button[type=submit]');
    await page.waitForLoadState('load');
  }
  await page.goto(`${BASE}/courses/${COURSE}/quiz`);
  await answerQuiz(page, path.join(here, '../../content', COURSE, 'quiz.md'));
  const attempt = new URL(page.url()).pathname;
  await page.click('a[href^="/certificates/"]');
  await page.waitForURL(/\/certificates\//);
  const certificate = new URL(page.url()).pathname;
  const code = certificate.split('/certificates/')[1];
  const citizenState = await context.storageState();

  const reading = ['/', `/courses/${COURSE}`, LESSON, `/search?q=${encodeURIComponent('thư viện')}`];
  return [
    {
      role: 'guest', state: null, phone: true,
      pages: [...reading, '/?audience=citizen', '/login', '/register', '/verify', `/verify/${code}`, '/api',
        '/api?group=users', '/api?group=reports'],
    },
    {
      role: 'citizen', state: citizenState, phone: true,
      pages: [...reading, '/me', '/account', '/account/password', '/account/tokens',
        `/courses/${COURSE}/quiz`, attempt, certificate],
    },
    {
      role: 'staff', state: await signedInState(t, staff.username, staff.password), phone: true,
      pages: ['/', '/me', '/account', `/courses/${STAFF_COURSE}`],
    },
    {
      role: 'trainer', state: await signedInState(t, LOPHOC_TRAINER_USER, LOPHOC_TRAINER_PASSWORD),
      pages: ['/', '/me', '/author', `/author/courses/${COURSE}`,
        `/author/courses/${COURSE}/lessons/thu-vien-co-gi-mien-phi`, `/author/courses/${COURSE}/quiz`,
        `/author/courses/${COURSE}/history`, `/courses/${COURSE}/enrolments`, `/courses/${COURSE}/results`],
    },
    {
      role: 'manager', state: await signedInState(t, manager.username, manager.password),
      pages: ['/admin', '/admin/users', '/admin/due', '/reports', '/reports/training',
        `/reports/training?programme=${PROGRAMME}`,
        `/reports/training/people?org=${province}&programme=${PROGRAMME}`, '/reports/sites',
        '/reports/growth', '/reports/snapshots', '/reports/annual'],
    },
    {
      role: 'admin', state: await signedInState(t, LOPHOC_ADMIN_USER, LOPHOC_ADMIN_PASSWORD),
      pages: ['/admin', '/admin/users', '/admin/users/new', `/admin/users/${made.user.id}`,
        `/admin/users/${made.user.id}/programmes`, '/admin/audit', '/admin/org-units',
        `/admin/org-units/${province}`, '/admin/sites', `/admin/sites/${site}`, '/admin/programmes',
        '/admin/programmes/new', '/admin/import', '/admin/prior-learning/import', '/admin/targets',
        '/admin/org-changes', '/admin/due', '/reports'],
    },
  ];
}

test('every page family: no axe-core violation, under 30 KB cold, a compact header on phones', async (t) => {
  const roles = await setUp(t);
  const rows = [];
  const problems = [];
  for (const { role, state, pages, phone } of roles) {
    for (const lang of ['vi', 'en']) {
      for (const urlPath of pages) {
        const r = await measure(t, { state, lang, urlPath });
        const where = `${role} ${lang} ${urlPath}`;
        rows.push({ where, ...r });
        if (r.status >= 400) problems.push(`${where}: HTTP ${r.status}`);
        if (r.bytes >= MAX_BYTES) problems.push(`${where}: ${r.bytes} bytes cold (limit ${MAX_BYTES})`);
        if (phone && r.headerHeight > MAX_HEADER_PX) {
          problems.push(`${where}: header ${r.headerHeight} px at 360x740 (limit ${MAX_HEADER_PX})`);
        }
        for (const v of r.violations) problems.push(`${where}: ${v}`);
      }
    }
  }
  const pad = (s, n) => String(s).padEnd(n);
  const lines = rows.map((r) => `${pad(r.where, 64)} ${String(r.bytes).padStart(6)} B ${String(r.requests).padStart(3)} req  header ${String(r.headerHeight).padStart(3)} px${r.finalPath !== r.where.split(' ')[2].split('?')[0] ? `  -> ${r.finalPath}` : ''}`);
  console.log(['page (role, language, path)'.padEnd(64) + '  bytes  requests  header at 360 px', ...lines].join('\n'));
  assert.ok(rows.length >= 100, `${rows.length} page states checked`);
  assert.deepEqual(problems, []);
});

test('at 1280 px the header, the content and the footer line up; the phone header is compact', async (t) => {
  for (const lang of ['vi', 'en']) {
    const { page } = await openPage(t, { locale: LOCALES[lang], viewport: { width: 1280, height: 800 } });
    for (const urlPath of ['/', `/courses/${COURSE}`, LESSON, '/login']) {
      await page.goto(BASE + urlPath);
      const left = async (selector) => Math.round((await page.locator(selector).first().boundingBox()).x);
      const brand = await left('.site-header .brand');
      assert.equal(await left('main h1'), brand, `${lang} ${urlPath}: the title starts under the logo`);
      assert.equal(await left('.site-footer p'), brand, `${lang} ${urlPath}: so does the footer`);
      const headerWrap = await page.locator('.site-header .wrap').first().boundingBox();
      const mainWrap = await page.locator('main .wrap').first().boundingBox();
      assert.equal(Math.round(headerWrap.width), Math.round(mainWrap.width), `${urlPath}: one column width`);
      if (urlPath === '/') await screenshot(page, `face-catalogue-1280-${lang}.png`);
    }
  }
  const { page } = await openPage(t, { viewport: PHONE });
  await page.goto(`${BASE}/`);
  // The wordmark is text with its diacritics, the logo a picture beside it.
  assert.equal((await page.locator('.site-header .wordmark').innerText()).trim(), 'lớp học');
  assert.equal(await page.locator('.site-header .brand img').getAttribute('alt'), '');
  assert.ok(await page.locator('.site-header .brand img').evaluate((img) => img.naturalWidth > 0), 'the logo loads');
  // Icons are drawn (the sprite loads) and hidden from assistive technology.
  const icon = page.locator('.account-nav svg.icon').first();
  assert.equal(await icon.getAttribute('aria-hidden'), 'true');
  assert.ok((await icon.boundingBox()).width >= 14, 'the icon has a size');
  // Every search and account action stays reachable on the phone.
  for (const name of ['Tìm', 'Việc học của tôi', 'Đăng nhập', 'Đăng ký', 'English']) {
    assert.ok(await page.locator('header').getByRole(name === 'Tìm' ? 'button' : 'link', { name, exact: true }).isVisible(), `${name} is visible`);
  }
  const cards = page.locator('.card img.card-cover');
  assert.equal(await cards.count(), 11, 'every bundled course has its cover on the catalogue');
  await cards.first().scrollIntoViewIfNeeded();
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0,
    await cards.first().elementHandle(), { timeout: 10_000 });
  await screenshot(page, 'face-catalogue-360.png');
  await page.goto(`${BASE}/courses/${COURSE}`);
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0,
    await page.locator('img.course-cover').elementHandle(), { timeout: 10_000 });
  await screenshot(page, 'face-course-360.png');
});
