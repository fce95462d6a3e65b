// Real-browser test of the training reports (docs/reports.md,
// docs/annual-report.md): a provincial manager reads the training report of
// their province as of today, checks the table and the chart, drills down to
// a commune and to its people, downloads the CSV and compares it with the
// page, prints the annual report (print stylesheet, then a PDF from
// Chromium) and saves it as sent. A manager of another province sees none of
// it (404).
// The tree, the accounts and the prior learning are made through the API by
// the e2e admin (tests/e2e/run.sh sets LOPHOC_URL, LOPHOC_ADMIN_USER,
// LOPHOC_ADMIN_PASSWORD).
//
// The data, for the bundled programme boi-duong-dinh-ky-thu-vien (24 months,
// due 90 days before the end, 90 days' grace for the never certified), as of
// today:
//   province E2R-P (sites attached to it: the provincial library)
//     An     provincial_librarian  certified today             valid    trained
//     Bình   provincial_librarian  certified 30 months ago     overdue
//   commune E2R-C under it (the commune library)
//     Cường  commune_librarian     certified 23 months ago     due      trained
//     Dung   commune_librarian     certified 30 months ago     overdue
//     Em     commune_librarian     never (placed today)        in grace: not in the population
// So the province: population 4, trained 2 (50.0%), due 1, overdue 2, in grace 1;
// the commune row: 2, 1, 50.0, 1, 1, 0, 1; the direct row: 2, 1, 50.0, 0, 1, 0, 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, RUN, addMonths, adminApi, fillSignIn, iso, openPage, screenshot, shown, todayInVietnam,
} from './support.mjs';

const PROGRAMME = 'boi-duong-dinh-ky-thu-vien';

async function signIn(t, username, password) {
  const { context, page } = await openPage(t, { viewport: { width: 1024, height: 900 } });
  await page.goto(`${BASE}/login`);
  await fillSignIn(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

// The cells of a table row (header cell first) as trimmed texts.
async function cells(row) {
  return (await row.locator('th, td').allInnerTexts()).map((s) => s.trim());
}

// A CSV without quoted commas (the names here have none) as objects by header.
function parseCsv(text) {
  const [header, ...lines] = text.replace(/\r/g, '').trim().split('\n').map((l) => l.split(','));
  return { header, rows: lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]]))) };
}

test('a manager reads the training report, drills down, downloads the CSV and prints the annual report', async (t) => {
  const today = todayInVietnam();
  const tag = `E2R-${RUN}`.toUpperCase();
  const province = `${tag}-P`;
  const commune = `${tag}-C`;
  const provinceName = `Tỉnh Báo Cáo ${RUN}`;
  const communeName = `Xã Báo Cáo ${RUN}`;
  const other = `${tag}-Q`;

  // --- The data, as the admin through the API ---
  const { api, post } = await adminApi();
  t.after(() => api.dispose());
  await post('/api/v1/org-units', { code: province, name: provinceName, level: 'province', parent: 'VN' });
  await post('/api/v1/org-units', { code: commune, name: communeName, level: 'commune', parent: province });
  await post('/api/v1/org-units', { code: other, name: `Tỉnh Khác ${RUN}`, level: 'province', parent: 'VN' });
  const provLib = `${tag}-TVT`;
  const communeLib = `${tag}-TVX`;
  await post('/api/v1/sites', { code: provLib, name: `Thư viện tỉnh ${RUN}`, type: 'provincial_library', org: province });
  await post('/api/v1/sites', { code: communeLib, name: `Thư viện xã ${RUN}`, type: 'commune_library', org: commune });

  const staff = [
    { key: 'an', name: 'Nguyễn Văn An', org: province, site: provLib, cat: 'provincial_librarian', certified: 0 },
    { key: 'binh', name: 'Trần Thị Bình', org: province, site: provLib, cat: 'provincial_librarian', certified: -30 },
    { key: 'cuong', name: 'Lê Văn Cường', org: commune, site: communeLib, cat: 'commune_librarian', certified: -23 },
    { key: 'dung', name: 'Phạm Thị Dung', org: commune, site: communeLib, cat: 'commune_librarian', certified: -30 },
    { key: 'em', name: 'Hoàng Văn Em', org: commune, site: communeLib, cat: 'commune_librarian', certified: null },
  ];
  for (const s of staff) {
    s.username = `e2r.${s.key}.${RUN}`;
    await post('/api/v1/users', {
      username: s.username, display_name: s.name, roles: ['learner'], org: s.org,
      site: s.site, staff_category: s.cat, password: `Cán bộ thư viện ${s.key} 2026!`,
    });
  }
  const manager = { username: `e2r.quan.ly.${RUN}`, password: 'Quản lý báo cáo E2E 2026!' };
  await post('/api/v1/users', {
    username: manager.username, display_name: 'Đỗ Văn Quản', roles: ['manager'], org: province,
    password: manager.password,
  });
  const stranger = { username: `e2r.tinh.khac.${RUN}`, password: 'Quản lý tỉnh khác 2026!' };
  await post('/api/v1/users', {
    username: stranger.username, display_name: 'Vũ Thị Khác', roles: ['manager'], org: other,
    password: stranger.password,
  });
  // Prior learning: one CSV, the way a province records its training-room classes.
  const csv = ['username,course,programme,date,evidence',
    ...staff.filter((s) => s.certified !== null).map((s) =>
      `${s.username},,${PROGRAMME},${iso(addMonths(today, s.certified))},Lớp tập huấn tại tỉnh`)].join('\n') + '\n';
  const imported = await post('/api/v1/certifications/import', csv, 200, { 'Content-Type': 'text/csv' });
  assert.equal(imported.recorded, 4, JSON.stringify(imported));

  // --- The manager reads the report ---
  const { context, page } = await signIn(t, manager.username, manager.password);
  await page.goto(`${BASE}/reports`);
  await page.getByRole('link', { name: 'Tỷ lệ được bồi dưỡng' }).click();
  await page.waitForURL(/\/reports\/training$/);
  await page.locator('#r-programme').selectOption(PROGRAMME);
  await page.locator('#r-as-of').fill(shown(today));
  await page.locator('form.filter-form button[type=submit]').click();
  await page.waitForURL(/\/reports\/training\?.*programme=/);
  assert.equal(await page.locator('main h2').first().innerText(), `${provinceName} · ${shown(today)}`);

  const table = page.locator('table:has(#training-caption)');
  const rows = table.locator('tbody tr');
  assert.equal(await rows.count(), 2);
  // A row for the commune (a link) and one for the sites attached to the province itself.
  const byName = {};
  for (const row of await rows.all()) {
    const c = await cells(row);
    byName[c[0]] = c.slice(1, 8);
  }
  assert.deepEqual(byName[communeName], ['2', '1', '50.0', '1', '1', '0', '1'], JSON.stringify(byName));
  assert.deepEqual(byName[`${provinceName} (trực thuộc)`], ['2', '1', '50.0', '0', '1', '0', '0'],
    JSON.stringify(byName));
  const total = (await cells(table.locator('tfoot tr'))).slice(1, 8);
  assert.deepEqual(total, ['4', '2', '50.0', '1', '2', '0', '1']);
  // The rule for the denominator, written under the table.
  const rule = await page.locator('.table-wrap:has(#training-caption) + p.meta').innerText();
  assert.match(rule, /^Cách tính: số người trong diện .* không tính người được miễn và người còn trong thời gian chờ/);
  // Per site type: one row each.
  const types = {};
  for (const row of await page.locator('table:has(#types-caption) tbody tr').all()) {
    const c = await cells(row);
    types[c[0]] = c.slice(1, 8);
  }
  assert.equal(Object.keys(types).length, 2, JSON.stringify(types));
  assert.ok(Object.values(types).some((v) => v.join() === '2,1,50.0,1,1,0,1'), JSON.stringify(types));
  assert.ok(Object.values(types).some((v) => v.join() === '2,1,50.0,0,1,0,0'), JSON.stringify(types));

  // The chart: an SVG with a bar per row, labelled with the rows' names.
  const svg = page.locator('main svg').first();
  assert.equal(await svg.isVisible(), true);
  const svgText = await svg.textContent();
  assert.ok(svgText.includes(communeName), svgText);
  assert.ok(svgText.includes(provinceName), svgText);
  await screenshot(page, 'reports-training.png');

  // The CSV behind the link on the page, with the page's cookies: the same numbers.
  const csvHref = await page.getByRole('link', { name: 'Tải CSV' }).getAttribute('href');
  assert.match(csvHref, /format=csv/);
  const csvAnswer = await context.request.get(`${BASE}${csvHref}`);
  assert.equal(csvAnswer.status(), 200);
  assert.match(csvAnswer.headers()['content-type'], /text\/csv/);
  const report = parseCsv(await csvAnswer.text());
  assert.deepEqual(report.header, ['section', 'code', 'name', 'site_type', 'population', 'trained',
    'percent', 'valid', 'due', 'overdue', 'exempt', 'in_grace', 'target_percent', 'gap', 'on_track']);
  const numbers = (r) => [r.population, r.trained, r.percent, r.due, r.overdue, r.exempt, r.in_grace];
  const csvTotal = report.rows.find((r) => r.section === 'total');
  assert.equal(csvTotal.code, province);
  assert.deepEqual(numbers(csvTotal), total);
  const csvCommune = report.rows.find((r) => r.section === 'unit');
  assert.equal(csvCommune.code, commune);
  assert.deepEqual(numbers(csvCommune), byName[communeName]);
  const csvDirect = report.rows.find((r) => r.section === 'direct');
  assert.deepEqual(numbers(csvDirect), byName[`${provinceName} (trực thuộc)`]);
  assert.equal(csvTotal.valid, '1');  // An valid, Cường due: trained = valid + due

  // Drill down: the province -> the commune -> its people.
  await table.getByRole('link', { name: communeName, exact: true }).click();
  await page.waitForURL(new RegExp(`/reports/training\\?.*org=${commune}`));
  assert.equal(await page.locator('main h2').first().innerText(), `${communeName} · ${shown(today)}`);
  const communeTotal = (await cells(page.locator('table:has(#training-caption) tfoot tr'))).slice(1, 8);
  assert.deepEqual(communeTotal, byName[communeName]);
  await page.locator('table:has(#training-caption) tfoot').getByRole('link', { name: 'Danh sách người' }).click();
  await page.waitForURL(/\/reports\/training\/people\?/);
  const people = {};
  for (const row of await page.locator('main table tbody tr').all()) {
    const c = await cells(row);
    people[c[0].split(' e2r.')[0].trim()] = c[2];
  }
  assert.deepEqual(people, {
    'Lê Văn Cường': 'Đến hạn bồi dưỡng lại',
    'Phạm Thị Dung': 'Quá hạn',
    'Hoàng Văn Em': 'Chưa bắt đầu',  // in grace: listed, outside the population
  }, JSON.stringify(people));
  assert.ok(!('Nguyễn Văn An' in people), 'the provincial library is not in the commune');
  await screenshot(page, 'reports-people.png');

  // --- The annual report, printed ---
  const year = today.y;
  const annual = await page.goto(`${BASE}/reports/annual?org=${province}&year=${year}`);
  assert.equal(annual.status(), 200);
  assert.match(await page.locator('main').innerText(), new RegExp(provinceName));
  assert.equal(await page.locator('.admin-nav').first().isVisible(), true);
  assert.equal(await page.locator('main form').first().isVisible(), true);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.admin-nav').first().isVisible(), false, 'no admin navigation on paper');
  for (const form of await page.locator('form').all()) {
    assert.equal(await form.isVisible(), false, 'no form on paper');
  }
  assert.equal(await page.locator('.site-header').isVisible(), false, 'no site header on paper');
  assert.equal(await page.locator('main h1').isVisible(), true);
  assert.equal(await page.locator('main svg').first().isVisible(), true);
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
  assert.ok(pdf.length > 5000, `a PDF of ${pdf.length} bytes`);
  await page.emulateMedia({ media: 'screen' });

  // Saved as sent: the snapshot page, nothing changed since.
  await page.locator('#s-title').fill(`Báo cáo năm ${year} gửi Sở`);
  await page.getByRole('button', { name: 'Lưu làm bản đã gửi' }).click();
  await page.waitForURL(/\/reports\/snapshots\/\d+\?saved=1/);
  const snapshot = await page.locator('main').innerText();
  assert.ok(snapshot.includes('Đã lưu báo cáo làm bản đã gửi.'), snapshot);
  assert.ok(snapshot.includes('Số liệu hiện nay giống hệt bản đã gửi'), snapshot);
  assert.ok(snapshot.includes('Đỗ Văn Quản'), snapshot);
  await screenshot(page, 'reports-snapshot.png');

  // --- A manager of another province sees none of it ---
  const { context: strangerContext, page: strangerPage } =
    await signIn(t, stranger.username, stranger.password);
  for (const url of [
    `/reports/training?org=${province}&programme=${PROGRAMME}&as_of=${iso(today)}`,
    `/reports/training?org=${commune}&programme=${PROGRAMME}&as_of=${iso(today)}`,
    `/reports/training/people?org=${commune}&programme=${PROGRAMME}&as_of=${iso(today)}`,
    `/reports/annual?org=${province}&year=${year}`,
  ]) {
    const answer = await strangerPage.goto(`${BASE}${url}`);
    assert.equal(answer.status(), 404, url);
    assert.ok(!(await answer.text()).includes(provinceName), url);
  }
  const strangerCsv = await strangerContext.request.get(
    `${BASE}/api/v1/reports/training?org=${province}&programme=${PROGRAMME}&format=csv`);
  assert.equal(strangerCsv.status(), 404);
  assert.ok(!(await strangerCsv.text()).includes(provinceName));
});
