// Real-browser test of essay questions graded by trainers (issue 15,
// "Quizzes"; docs/quiz-format.md): a trainer writes a course whose quiz has
// an essay in the web editor and publishes it; a staff learner takes the quiz
// and is told the attempt waits for grading; the trainer grades it on
// /trainer/grading; the learner reads the score and the feedback, and the
// course is completed. Run through tests/e2e/run.sh (the trainer sits at the
// national root, so their scope holds the learner placed under it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, adminApi, fillSignIn, fromEnv, openPage, screenshot } from './support.mjs';

const { LOPHOC_TRAINER_USER: TRAINER_USER, LOPHOC_TRAINER_PASSWORD: TRAINER_PASSWORD } =
  fromEnv('LOPHOC_TRAINER_USER', 'LOPHOC_TRAINER_PASSWORD');

const SLUG = `e2e-tu-luan-${RUN}`;
const QUIZ = `---
title: Kiểm tra kế hoạch sao lưu
pass_mark: 60
---

## ban-sao [single]
Nên giữ bao nhiêu bản sao dữ liệu ở ngoài điểm thư viện?

- [ ] Không cần bản nào
- [x] Ít nhất một bản

## ke-hoach [essay points=4]
Mô tả kế hoạch sao lưu dữ liệu của điểm thư viện bạn.

  > Bài tốt nêu: sao lưu những gì, bao lâu một lần, lưu ở đâu.
`;

test('a trainer grades an essay and the learner is told, with the course completed', async (t) => {
  // A staff learner under the national root, made by the admin.
  const { api, post } = await adminApi();
  t.after(() => api.dispose());
  const learner = { username: `tu.luan.${RUN}`, password: 'Viết bài tự luận 2026!' };
  await post('/api/v1/users', {
    username: learner.username, display_name: 'Đỗ Thị Tự Luận', roles: ['learner'], org: 'VN',
    password: learner.password,
  });

  // The trainer creates the course, writes its quiz and publishes it.
  const { page: trainer } = await openPage(t, { viewport: { width: 1280, height: 900 } });
  await trainer.goto(`${BASE}/login?next=/author`);
  await fillSignIn(trainer, TRAINER_USER, TRAINER_PASSWORD);
  await trainer.waitForURL(/\/author$/);
  await trainer.fill('#f-slug', SLUG);
  await trainer.fill('#f-title', `Sao lưu có bài tự luận ${RUN}`);
  await trainer.getByRole('button', { name: 'Tạo khóa học' }).click();
  await trainer.waitForURL(new RegExp(`/author/courses/${SLUG}`));
  await trainer.goto(`${BASE}/author/courses/${SLUG}/quiz`);
  await trainer.fill('#f-text', QUIZ);
  await trainer.getByRole('button', { name: 'Lưu', exact: true }).click();
  await trainer.waitForURL(/saved=1/);
  await trainer.goto(`${BASE}/author/courses/${SLUG}`);
  await trainer.getByRole('button', { name: 'Công bố', exact: true }).click();
  await trainer.waitForLoadState('load');

  // The learner enrols, reads the lesson, answers both questions.
  const { page } = await openPage(t, { viewport: { width: 360, height: 740 } });
  await page.goto(`${BASE}/login?next=/courses/${SLUG}`);
  await fillSignIn(page, learner.username, learner.password);
  await page.waitForURL(new RegExp(`/courses/${SLUG}$`));
  await page.click(`form[action="/courses/${SLUG}/enrol"] button`);
  await page.waitForURL(/done=learning_enrolled/);
  await page.locator('.course-action a.button').first().click();
  await page.click('.lesson-done button[type=submit]');
  await page.waitForLoadState('load');
  await page.goto(`${BASE}/courses/${SLUG}/quiz`);
  await page.locator('#q-ban-sao input[value="1"]').check();
  const essay = page.getByLabel('Bài làm của bạn');
  assert.equal(await essay.evaluate((e) => e.tagName), 'TEXTAREA');
  assert.ok((await essay.boundingBox()).width <= 360, 'the essay box fits the phone');
  await essay.fill('Sao lưu sổ mượn và ảnh số hóa mỗi tuần.\nMột bản ở ổ rời cất trong tủ khóa.');
  await page.click('form.quiz-form button[type=submit]');
  await page.waitForURL(/\/attempts\/\d+$/);
  const attemptPath = new URL(page.url()).pathname;
  const attemptId = attemptPath.split('/').pop();
  const waiting = await page.locator('main').innerText();
  assert.ok(waiting.includes('Đang chờ chấm'), 'the attempt waits for grading');
  assert.ok(waiting.includes('Khóa học: chưa hoàn thành.'), 'the course status is apart');
  assert.ok(!waiting.includes('— chưa đạt'), waiting);
  assert.ok(waiting.includes('Một bản ở ổ rời cất trong tủ khóa.'), 'the essay is shown as written');
  await screenshot(page, 'essay-waiting-360.png');

  // The trainer finds it in the queue, with the guidance, and grades it.
  await trainer.goto(`${BASE}/trainer/grading`);
  const form = trainer.locator(`form[action="/trainer/grading/${attemptId}"]`);
  assert.ok((await form.innerText()).includes('Một bản ở ổ rời cất trong tủ khóa.'));
  assert.ok((await trainer.locator('main').innerText()).includes('Bài tốt nêu: sao lưu những gì'));
  await screenshot(trainer, 'essay-queue-1280.png');
  await form.locator('input[name="score.ke-hoach"]').fill('3');
  await form.locator('textarea[name="feedback.ke-hoach"]').fill('Tốt. Nên thêm một bản lưu ở nơi khác.');
  await form.getByRole('button', { name: 'Lưu điểm' }).click();
  await trainer.waitForURL(/graded=1/);

  // 1 + 3 of 5 = 80%: passed; the learner reads the score and the feedback.
  await page.goto(BASE + attemptPath);
  const graded = await page.locator('main').innerText();
  assert.ok(!graded.includes('Đang chờ chấm'));
  assert.ok(graded.includes('80%'), graded);
  assert.ok(graded.includes('Nhận xét của giảng viên'));
  assert.ok(graded.includes('Tốt. Nên thêm một bản lưu ở nơi khác.'));
  assert.ok(/Khóa học: đã hoàn thành/.test(graded), 'the grade completes the course');
  await screenshot(page, 'essay-graded-360.png');
});
