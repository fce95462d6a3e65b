// Real-browser test of the web editor (docs/authoring.md): a trainer signs
// in, opens a lesson in the editor, changes its text, previews it, saves it,
// sees the change on the public lesson page and the revision in the history
// with their name. Run through tests/e2e/run.sh, which creates the trainer
// account and sets LOPHOC_URL, LOPHOC_TRAINER_USER and LOPHOC_TRAINER_PASSWORD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, fromEnv, openPage, fillSignIn, screenshot } from './support.mjs';

const { LOPHOC_TRAINER_USER: TRAINER_USER, LOPHOC_TRAINER_PASSWORD: TRAINER_PASSWORD } =
  fromEnv('LOPHOC_TRAINER_USER', 'LOPHOC_TRAINER_PASSWORD');

// A bundled course no other browser test reads.
const COURSE = 'van-hanh-diem-truy-cap-internet';
const LESSON = 'ho-tro-nguoi-dung-moi';

const shot = (page, name) => screenshot(page, `authoring-${name}.png`);

test('a trainer edits a lesson, previews, saves, and learners see it', async (t) => {
  const { context, page } = await openPage(t, { viewport: { width: 360, height: 800 } });

  await page.goto(`${BASE}/login?next=/author`);
  await fillSignIn(page, TRAINER_USER, TRAINER_PASSWORD);
  await page.waitForURL(/\/author$/);
  assert.equal((await page.locator('main h1').innerText()).trim(), 'Soạn bài giảng');

  // From the course list to the course, then to the lesson editor.
  await page.locator(`a[href="/author/courses/${COURSE}"]`).click();
  await page.waitForURL(new RegExp(`/author/courses/${COURSE}$`));
  await page.locator(`a[href="/author/courses/${COURSE}/lessons/${LESSON}"]`).click();
  await page.waitForURL(new RegExp(`/lessons/${LESSON}$`));

  const editor = page.getByLabel('Nội dung bài học (cả phần đầu)');
  const original = await editor.inputValue();
  assert.match(original, /^---\ntitle: /);
  const added = `Câu thêm bởi giảng viên ${RUN}: luôn chào người dùng mới.`;
  await editor.fill(`${original.trimEnd()}\n\n## Lời chào ${RUN}\n\n${added}\n`);

  // Preview renders the text and stores nothing.
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await page.locator('#preview h2', { hasText: `Lời chào ${RUN}` }).waitFor();
  assert.ok((await page.locator('#preview').innerText()).includes(added));
  const publicBefore = await context.request.get(`${BASE}/courses/${COURSE}/${LESSON}`);
  assert.ok(!(await publicBefore.text()).includes(added));
  await shot(page, 'preview');

  // Save: back on the editor with a notice, the text as saved.
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.waitForURL(/\?saved=1$/);
  await page.getByRole('status').filter({ hasText: 'Đã lưu phiên bản mới.' }).waitFor();
  assert.ok((await page.getByLabel('Nội dung bài học (cả phần đầu)').inputValue()).includes(added));

  // The public lesson page shows the change.
  await page.goto(`${BASE}/courses/${COURSE}/${LESSON}`);
  assert.ok((await page.locator('main').innerText()).includes(added));

  // The history names the trainer and the lesson changed.
  await page.goto(`${BASE}/author/courses/${COURSE}/history`);
  const newest = page.locator('tbody tr').first();
  const row = await newest.innerText();
  assert.ok(row.includes(TRAINER_USER), row);
  assert.ok(row.includes('trình soạn thảo'), row);
  assert.ok(row.includes(`sửa bài: ${LESSON}`), row);
  await shot(page, 'history');
});

test('a lesson with an error is not saved and the line is shown', async (t) => {
  const { page } = await openPage(t, { javaScriptEnabled: false });
  await page.goto(`${BASE}/login?next=/author/courses/${COURSE}/lessons/${LESSON}`);
  await fillSignIn(page, TRAINER_USER, TRAINER_PASSWORD);
  await page.waitForURL(/\/lessons\//);
  const editor = page.getByLabel('Nội dung bài học (cả phần đầu)');
  await editor.fill('---\ntitle: Hỗ trợ\nmau: do\n---\n\nNội dung.\n');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  const alert = page.locator('#problems');
  await alert.waitFor();
  assert.match(await alert.innerText(), /dòng 3:/);
  assert.ok((await editor.inputValue()).includes('mau: do'));
});
