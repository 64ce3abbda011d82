// Opens dealgraph's report.html in Debian's headless Chromium and checks what a reader
// gets: the maps and tables are there, the tables sort on a click, the page prints,
// and it made no network request and logged no error.
//
// Usage: node tests/browser/report.test.mjs [PATH/TO/dealgraph]   (or DEALGRAPH_BIN)
// It runs `dealgraph report data/ai-deals.json --out TMP/r --quiet` and opens
// TMP/r/report.html. Environment:
//   DEALGRAPH_BROWSER_FIXTURE=1  use tests/browser/fixture-report.html when the binary
//                                has no `report` command (otherwise that is a failure)
//   DEALGRAPH_BROWSER_PAGE=FILE  test FILE instead of generating a report
//   CHROMIUM=PATH                the browser (default /usr/bin/chromium)
// Prints one line per check and ends with "N passed, M failed"; exits 1 on a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceDir = path.resolve(here, '..', '..');
const data = path.join(sourceDir, 'data', 'ai-deals.json');
const fixture = path.join(here, 'fixture-report.html');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const MAP_NAMES = ['ecosystem', 'bipartite', 'ego', 'coinvestors', 'concentration'];
const SECTIONS = ['headline', 'maps', 'centrality', 'clusters', 'concentration', 'what-if',
                  'trend', 'methods'];
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
                       '--disable-background-networking', '--disable-component-update',
                       '--disable-sync', '--no-first-run', '--disable-quic'];

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) {
    passed++;
    console.log(`ok    ${what}`);
  } else {
    failed++;
    console.log(`FAIL  ${what}${detail ? `\n      ${String(detail).replace(/\n/g, '\n      ')}` : ''}`);
  }
  return ok;
}
function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}
function fatal(message) {
  check(false, message);
  finish();
}

// Any exception is a failure with the same closing line.
process.on('uncaughtException', (e) => fatal(`uncaught: ${e.stack || e}`));
process.on('unhandledRejection', (e) => fatal(`unhandled: ${e?.stack || e}`));
// A hung browser must not hang CTest: give up after two minutes.
setTimeout(() => fatal('gave up after 120 s'), 120_000).unref();

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  fatal(`playwright-core is not installed: run npm ci --prefix tests/browser (${e.message})`);
}
if (!fs.existsSync(chromiumPath)) {
  fatal(`no browser at ${chromiumPath}: install Debian's chromium (scripts/deps --browser)`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dealgraph-browser-'));
console.log(`# output in ${tmp}`);

// ---- The page under test -------------------------------------------------------------
function pageUnderTest() {
  if (process.env.DEALGRAPH_BROWSER_PAGE) {
    console.log(`# testing the given page ${process.env.DEALGRAPH_BROWSER_PAGE}, not a generated report`);
    return path.resolve(process.env.DEALGRAPH_BROWSER_PAGE);
  }
  const useFixture = process.env.DEALGRAPH_BROWSER_FIXTURE === '1';
  const bin = process.argv[2] || process.env.DEALGRAPH_BIN;
  if (!bin) {
    if (useFixture) {
      console.log('# FIXTURE: no dealgraph binary given; testing tests/browser/fixture-report.html');
      return fixture;
    }
    fatal('no dealgraph binary: pass its path as the first argument or set DEALGRAPH_BIN');
  }
  const help = spawnSync(bin, ['report', '--help'], { encoding: 'utf8' });
  if (help.error) fatal(`cannot run ${bin}: ${help.error.message}`);
  if (help.status !== 0) {
    if (useFixture) {
      console.log(`# FIXTURE: ${bin} has no report command; testing tests/browser/fixture-report.html`);
      return fixture;
    }
    fatal(`${bin} report --help exited ${help.status}: is there a report command? ` +
          `(set DEALGRAPH_BROWSER_FIXTURE=1 to test the fixture page instead)\n` +
          (help.stderr || help.stdout).trim());
  }
  const out = path.join(tmp, 'r');
  const args = ['report', data, '--out', out, '--quiet'];
  const started = Date.now();
  const run = spawnSync(bin, args, { encoding: 'utf8', cwd: sourceDir });
  check(run.status === 0, `dealgraph ${args.join(' ')} exits 0 (${Date.now() - started} ms)`,
        `exit ${run.status}${run.signal ? ` signal ${run.signal}` : ''}\n${run.stderr}`);
  const html = path.join(out, 'report.html');
  if (!fs.existsSync(html)) fatal(`no ${html}`);
  return html;
}

const htmlPath = pageUnderTest();
const pageUrl = pathToFileURL(htmlPath).href;

// ---- The browser ----------------------------------------------------------------------
const started = Date.now();
let context;
try {
  // A persistent context is how Playwright takes a fresh --user-data-dir of our own.
  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
} catch (e) {
  fatal(`Chromium did not start: ${e.message}`);
}

const requests = [];
const consoleErrors = [];
const allowed = (url) => url === pageUrl || url.startsWith('data:');
context.on('request', (req) => { if (!allowed(req.url())) requests.push(req.url()); });
// Nothing leaves the machine even if the page asks: record above, refuse here.
await context.route(/^(https?|wss?|ftp):/, (route) => route.abort('blockedbyclient'));
const page = context.pages()[0] || await context.newPage();
page.on('console', (msg) => {
  if (msg.type() !== 'error') return;
  const where = msg.location();
  const at = where && where.url ? ` (${path.basename(where.url)}:${where.lineNumber + 1})` : '';
  consoleErrors.push(`console.error: ${msg.text()}${at}`);
});
page.on('pageerror', (err) => consoleErrors.push(`page error: ${err.message}`));
page.on('websocket', (ws) => requests.push(ws.url()));

const response = await page.goto(pageUrl, { waitUntil: 'load', timeout: 30_000 });
check(response === null || response.ok(), `opened ${pageUrl}`);
await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});

// ---- The page's frame --------------------------------------------------------------------
const lang = await page.getAttribute('html', 'lang');
check(lang === 'en', '<html lang="en">', `lang is ${JSON.stringify(lang)}`);
const title = await page.title();
check(/dealgraph report/i.test(title), 'title contains "dealgraph report"', `title is ${JSON.stringify(title)}`);
const missingSections = [];
for (const id of SECTIONS) {
  if (await page.locator(`section#${id}, #${id}`).count() === 0) missingSections.push(id);
}
check(missingSections.length === 0, `sections ${SECTIONS.join(', ')}`, `missing: ${missingSections.join(', ')}`);

// Self-contained: nothing on the page points at a file to load.
const external = await page.evaluate(() => {
  const found = [];
  document.querySelectorAll('script[src]').forEach((e) => found.push(`<script src="${e.getAttribute('src')}">`));
  document.querySelectorAll('link[href]').forEach((e) => found.push(`<link rel="${e.rel}" href="${e.getAttribute('href')}">`));
  document.querySelectorAll('iframe, object, embed, video, audio, source').forEach((e) => found.push(`<${e.localName}>`));
  const XLINK = 'http://www.w3.org/1999/xlink';
  document.querySelectorAll('img, image, use, feImage').forEach((e) => {
    const src = e.getAttribute('src') || e.getAttribute('href') || e.getAttributeNS(XLINK, 'href') || '';
    if (src && !src.startsWith('data:') && !src.startsWith('#')) found.push(`<${e.localName} ${src}>`);
  });
  document.querySelectorAll('style').forEach((e) => {
    const m = e.textContent.match(/@import[^;]*|url\(\s*['"]?(?!data:|#)[^)]*\)/g);
    if (m) found.push(...m);
  });
  return found;
});
check(external.length === 0, 'self-contained: no external scripts, stylesheets, images or frames',
      external.join('\n'));

// ---- Maps --------------------------------------------------------------------------------
const maps = await page.$$eval('figure.map', (figs) => figs.map((f) => {
  const svg = f.querySelector('svg');
  const r = svg ? svg.getBoundingClientRect() : null;
  return { id: f.id, svg: !!svg, width: r ? r.width : 0, height: r ? r.height : 0 };
}));
check(maps.length >= 3, `at least 3 maps (figure.map: ${maps.length})`);
for (const m of maps) {
  const name = m.id.replace(/^map-/, '');
  check(m.id.startsWith('map-') && MAP_NAMES.includes(name), `map id ${m.id} is map-{${MAP_NAMES.join(',')}}`);
  check(m.svg && m.width > 0 && m.height > 0, `map ${m.id} has an inline svg drawn ${Math.round(m.width)}x${Math.round(m.height)}`);
}

// ---- Tables ------------------------------------------------------------------------------
const tables = await page.$$eval('table', (ts) => ts.map((t) => ({
  id: t.id,
  sortable: t.classList.contains('sortable'),
  headers: t.querySelectorAll('thead tr th').length,
  rows: t.tBodies.length ? t.tBodies[0].rows.length : 0,
})));
const byId = new Map(tables.map((t) => [t.id, t]));
const notContract = tables.filter((t) => !t.sortable || !/^t-/.test(t.id) || t.headers === 0);
check(notContract.length === 0, `every table (${tables.length}) is table.sortable#t-NAME with a thead`,
      notContract.map((t) => `id=${JSON.stringify(t.id)} sortable=${t.sortable} th=${t.headers}`).join('\n'));
const centralityIds = tables.map((t) => t.id).filter((id) => id.startsWith('t-centrality-'));
const centralityId = centralityIds.includes('t-centrality-pagerank') ? 't-centrality-pagerank' : centralityIds[0];
check(centralityIds.length > 0, `a centrality table (t-centrality-*: ${centralityIds.join(', ') || 'none'})`);
for (const id of ['t-headline', centralityId, 't-syndicates', 't-concentration-startups']) {
  if (!id) continue;
  const t = byId.get(id);
  check(t && t.rows > 0, `table ${id} has rows`, t ? `${t.rows} rows` : 'missing');
}

// ---- Screenshot and DOM, as the page loaded (before any click) ----------------------------
const pngPath = path.join(tmp, 'report.png');
await page.screenshot({ path: pngPath, fullPage: true });
const pngSize = fs.statSync(pngPath).size;
check(pngSize > 1000, `full-page screenshot: ${pngPath} (${Math.round(pngSize / 1024)} KiB)`);
const domPath = path.join(tmp, 'report.dom.html');
const dom = await page.content();
fs.writeFileSync(domPath, dom);
check(dom.includes('Hugging Face'), `DOM dump ${domPath} mentions "Hugging Face"`);

// ---- Sorting -----------------------------------------------------------------------------
// The key the contract sorts by: data-value when present, else the cell's text.
async function columnKeys(tableId, col) {
  return page.$$eval(`table[id="${tableId}"] tbody tr`, (rows, c) => rows.map((r) => {
    const cell = r.cells[c];
    if (!cell) return { raw: '', text: '', row: r.textContent };
    const raw = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent.trim();
    return { raw, text: cell.textContent.trim(), row: r.textContent };
  }), col);
}
const isNumber = (s) => /^[-+]?(\d[\d,]*)?(\.\d+)?([eE][-+]?\d+)?$/.test(s) && /\d/.test(s);
const num = (s) => Number(s.replace(/,/g, ''));
const ordered = (xs, cmp) => xs.every((x, i) => i === 0 || cmp(xs[i - 1], x) <= 0);

async function headerCells(tableId) {
  return page.$$eval(`table[id="${tableId}"] thead tr th`, (ths) => ths.map((th) => th.textContent.trim()));
}
// A numeric column with distinct values not already in ascending order, so a click has
// something to do; else any numeric column.
async function pickNumericColumn(tableId) {
  const headers = await headerCells(tableId);
  let fallback = null;
  for (let c = 0; c < headers.length; c++) {
    const keys = await columnKeys(tableId, c);
    if (keys.length < 2 || !keys.every((k) => isNumber(k.raw))) continue;
    const values = keys.map((k) => num(k.raw));
    if (new Set(values).size < 2) continue;
    if (!ordered(values, (a, b) => a - b)) return { col: c, name: headers[c] };
    fallback ??= { col: c, name: headers[c] };
  }
  return fallback;
}
async function clickAndCheck(tableId, col, name, numeric) {
  const before = (await columnKeys(tableId, col)).map((k) => k.row).sort();
  const th = page.locator(`table[id="${tableId}"] thead tr th`).nth(col);
  // Text may be compared by locale, case-blind or by code point: any one of them, used
  // for the whole column, will do.
  const textOrders = [(a, b) => a.localeCompare(b),
                      (a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0),
                      (a, b) => (a < b ? -1 : a > b ? 1 : 0)];
  for (const [dir, sign] of [['ascending', 1], ['descending', -1]]) {
    await th.click();
    const keys = await columnKeys(tableId, col);
    const sameRows = JSON.stringify(keys.map((k) => k.row).sort()) === JSON.stringify(before);
    const ok = numeric
      ? ordered(keys.map((k) => num(k.raw)), (a, b) => sign * (a - b))
      : textOrders.some((cmp) => ordered(keys.map((k) => k.raw), (a, b) => sign * cmp(a, b)));
    check(ok && sameRows, `${tableId}: click on "${name}" sorts ${numeric ? 'numerically' : 'by text'}, ${dir}`,
          `${sameRows ? '' : 'rows changed; '}column now: ${keys.map((k) => k.raw).slice(0, 12).join(' | ')}`);
    const aria = await th.getAttribute('aria-sort');
    check(aria === dir, `${tableId}: "${name}" has aria-sort="${dir}"`, `aria-sort is ${JSON.stringify(aria)}`);
  }
}

const sortTargets = [centralityId, 't-concentration-startups'].filter((id) => id && byId.get(id)?.rows > 1);
check(sortTargets.length > 0, 'a table with rows to sort');
for (const tableId of sortTargets) {
  const pick = await pickNumericColumn(tableId);
  if (!check(pick !== null, `${tableId} has a numeric column`)) continue;
  await clickAndCheck(tableId, pick.col, pick.name, true);
}
// A text column too: the first column of names in the centrality table.
if (sortTargets.includes(centralityId)) {
  const headers = await headerCells(centralityId);
  let textCol = -1;
  for (let c = 0; c < headers.length && textCol < 0; c++) {
    const raws = (await columnKeys(centralityId, c)).map((k) => k.raw);
    if (raws.some((r) => r !== '' && !isNumber(r)) && new Set(raws).size > 1) textCol = c;
  }
  if (check(textCol >= 0, `${centralityId} has a text column`)) {
    await clickAndCheck(centralityId, textCol, headers[textCol], false);
  }
}

// ---- Print -------------------------------------------------------------------------------
const printRules = await page.evaluate(() => {
  let n = 0;
  for (const sheet of document.styleSheets) {
    let rules = [];
    try { rules = sheet.cssRules; } catch { continue; }  // an external sheet: failed above
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule && /\bprint\b/.test(rule.media.mediaText)) n++;
    }
  }
  const inStyle = [...document.querySelectorAll('style')].some((s) => /@media[^{]*\bprint\b/.test(s.textContent));
  return { n, inStyle };
});
check(printRules.inStyle && printRules.n > 0, `a print stylesheet (@media print in a <style>: ${printRules.n} rule(s))`);
await page.emulateMedia({ media: 'print' });
const noPrint = await page.$$eval('.no-print', (els) => els.map((e) => {
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  return { tag: e.localName, hidden: s.display === 'none' || s.visibility === 'hidden' || (r.width === 0 && r.height === 0) };
}));
const shown = noPrint.filter((e) => !e.hidden);
check(shown.length === 0, `in print, every .no-print element is hidden (${noPrint.length} of them)`,
      shown.map((e) => `<${e.tag}> still shown`).join('\n'));
const printedMaps = await page.$$eval('figure.map svg', (svgs) => svgs.filter((s) => {
  const r = s.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}).length);
check(printedMaps === maps.length, `in print, the maps are still drawn (${printedMaps} of ${maps.length})`);
const pdfPath = path.join(tmp, 'report.pdf');
await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
const pdfSize = fs.statSync(pdfPath).size;
check(pdfSize > 1000, `printed to PDF: ${pdfPath} (${Math.round(pdfSize / 1024)} KiB)`);
// ---- What the page did --------------------------------------------------------------------
await page.waitForTimeout(200);
check(requests.length === 0, 'no network request but the page itself',
      [...new Set(requests)].join('\n'));
check(consoleErrors.length === 0, 'no console error or page error', consoleErrors.join('\n'));

await context.close();
fs.rmSync(path.join(tmp, 'profile'), { recursive: true, force: true });
console.log(`# browser part took ${((Date.now() - started) / 1000).toFixed(1)} s`);
finish();
