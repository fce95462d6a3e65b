// Lesson pictures people can read (issue 15): every picture has its size, opens
// full size, loads lazily after the first; on a 360 px phone a diagram with a
// narrow variant shows it with labels of at least 11 px, and a wide diagram
// without one scrolls sideways in a focusable box with a visible hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openPage, screenshot } from './support.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const ZALO = '/courses/thu-dien-tu-nhan-tin-goi-video/nhan-tin-zalo';
const FAKES = '/courses/ai-va-tin-gia/tin-anh-video-gia';

// The smallest label of the SVG at `url` as drawn `shownWidth` px wide.
async function smallestLabelPx(page, url, shownWidth) {
  const svg = await (await page.request.get(url)).text();
  const viewWidth = Number(/viewBox="[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)/.exec(svg)[1]);
  const fonts = [...svg.matchAll(/font-size[=:]\s*"?([\d.]+)/g)].map((m) => Number(m[1]));
  return (Math.min(...fonts) * shownWidth) / viewWidth;
}

async function loadAll(page) {
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => Promise.all([...document.images].map((i) => i.decode().catch(() => {}))));
}

test('lesson pictures have a size, a full-size link and lazy loading after the first', async (t) => {
  const { page } = await openPage(t);
  const res = await page.goto(`${BASE}${ZALO}`);
  assert.equal(res.status(), 200);
  const pictures = await page.locator('.prose img').evaluateAll((imgs) => imgs.map((i) => ({
    width: i.getAttribute('width'),
    height: i.getAttribute('height'),
    loading: i.getAttribute('loading'),
    decoding: i.getAttribute('decoding'),
    link: i.closest('a')?.getAttribute('href') || '',
    label: i.closest('a')?.getAttribute('aria-label') || '',
    src: i.getAttribute('src'),
    alt: i.getAttribute('alt'),
  })));
  assert.ok(pictures.length >= 1, 'the lesson shows pictures');
  pictures.forEach((p, n) => {
    assert.match(p.width, /^[1-9][0-9]*$/, `picture ${n} has a width`);
    assert.match(p.height, /^[1-9][0-9]*$/, `picture ${n} has a height`);
    assert.equal(p.link, p.src, `picture ${n} opens full size`);
    assert.equal(p.label, `Xem ảnh cỡ lớn: ${p.alt}`);
    assert.equal(p.loading, n === 0 ? null : 'lazy');
    assert.equal(p.decoding, n === 0 ? null : 'async');
  });
  const zalo = pictures.find((p) => p.src.endsWith('/man-hinh-tro-chuyen-zalo.svg'));
  assert.deepEqual([zalo.width, zalo.height], ['800', '620'], 'the size of the SVG viewBox');
  // The link opens the picture itself.
  const full = await page.request.get(`${BASE}${zalo.link}`);
  assert.equal(full.status(), 200);
  assert.match(full.headers()['content-type'], /image\/svg\+xml/);
});

test('phone (360 px): a diagram with a narrow variant shows labels of at least 11 px', async (t) => {
  const { page } = await openPage(t, PHONE);
  await page.goto(`${BASE}${ZALO}`);
  await loadAll(page);
  const img = page.locator('.prose img[src$="/man-hinh-tro-chuyen-zalo.svg"]');
  const shown = await img.evaluate((i) => ({ src: i.currentSrc, width: i.getBoundingClientRect().width }));
  assert.match(shown.src, /\/man-hinh-tro-chuyen-zalo\.narrow\.svg$/, 'the phone gets the narrow variant');
  const label = await smallestLabelPx(page, shown.src, shown.width);
  assert.ok(label >= 11, `smallest label ${label.toFixed(2)} px`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `the page does not scroll sideways (scrollWidth=${wide})`);
  await img.scrollIntoViewIfNeeded();
  await screenshot(page, 'picture-narrow-360.png');

  // At 1280 px the wide drawing is shown.
  const { page: desk } = await openPage(t, { viewport: { width: 1280, height: 900 } });
  await desk.goto(`${BASE}${ZALO}`);
  await loadAll(desk);
  const src = await desk.locator('.prose img[src$="/man-hinh-tro-chuyen-zalo.svg"]')
    .evaluate((i) => i.currentSrc);
  assert.match(src, /\/man-hinh-tro-chuyen-zalo\.svg$/);
});

test('phone (360 px): a wide diagram without a narrow variant scrolls in a focusable box', async (t) => {
  const { page } = await openPage(t, PHONE);
  await page.goto(`${BASE}${FAKES}`);
  await loadAll(page);
  const box = page.locator('.picture-scroll').first();
  assert.equal(await box.getAttribute('tabindex'), '0');
  const state = await box.evaluate((b) => {
    const img = b.querySelector('img');
    return {
      scroll: b.scrollWidth, client: b.clientWidth, src: img.currentSrc,
      width: img.getBoundingClientRect().width,
      hint: getComputedStyle(b.nextElementSibling).display,
      hintText: b.nextElementSibling.textContent,
    };
  });
  assert.ok(state.scroll > state.client, `the box scrolls (${state.scroll} > ${state.client})`);
  const label = await smallestLabelPx(page, state.src, state.width);
  assert.ok(label >= 11, `smallest label ${label.toFixed(2)} px`);
  assert.notEqual(state.hint, 'none', 'the hint is visible');
  assert.match(state.hintText, /Kéo sang ngang/);
  // The keyboard reaches the box and scrolls it.
  await box.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.picture-scroll').scrollLeft > 0);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `the page itself does not scroll sideways (scrollWidth=${wide})`);
  await box.scrollIntoViewIfNeeded();
  await screenshot(page, 'picture-scroll-360.png');
});
