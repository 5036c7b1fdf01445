import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDiagram } from '../../src/show/diagram.js';
import { example } from '../support/engines.js';
import { journeySync, ROOT, tempDir } from '../support/cli.js';
import { HOSTILE } from '../support/hostile-journey.js';
import { EXAMPLE_NAMES } from '../support/lint.js';

/** Debian's `chromium` package, or the browser CHROMIUM_PATH names. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SKIPPED = hasChromium ? '' : ` (skipped: no browser at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`;
/** Screenshots are kept here for people to look at (git-ignored). */
const ARTIFACTS = join(ROOT, 'test-artifacts');

const dir = tempDir('html-browser');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the HTML report in a real browser', () => {
  it.skipIf(!hasChromium)(`renders in headless Chromium without a console error, every diagram drawn with its states, on a desktop, a phone and paper${SKIPPED}`, async () => {
    const hostile = join(dir, 'hostile');
    mkdirSync(hostile, { recursive: true });
    writeFileSync(join(hostile, 'hostile.journey.yaml'), HOSTILE);
    const file = join(dir, 'report.html');
    const run = journeySync(['report', 'journeys/', hostile, '--format', 'html', '--runs', '500', '-o', file], ROOT);
    expect(run.status, run.stderr).toBe(0);

    const expected = new Map<string, string[]>();
    for (const name of EXAMPLE_NAMES) expected.set(name, buildDiagram(await example(name)).nodes.map((n) => n.id));
    expected.set('hostile', ['ask', 'orphan', 'agent', 'done']);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      // Alone this test takes 7 s; beside the rest of `npm test` on 2 cores one screenshot took over
      // playwright's default 30 s, so each step may take longer (the test's own limit is below).
      page.setDefaultTimeout(120_000);
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (r) => {
        if (!r.url().startsWith('file://')) problems.push(`request: ${r.url()}`);
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      const drawn = await page.$$eval('main > section', (sections) =>
        sections.map((s) => {
          const svg = s.querySelector('figure.diagram svg');
          const box = svg?.getBoundingClientRect();
          return {
            title: s.querySelector('h2')?.textContent ?? '',
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            states: [...(svg?.querySelectorAll('g.node[id^="state_"]') ?? [])].map((g) => g.id.slice('state_'.length)),
            charts: [...s.querySelectorAll('svg.chart')].map((c) => c.getBoundingClientRect().width),
          };
        }),
      );
      expect(drawn.map((d) => d.title.split(':')[0]).sort()).toEqual([...expected.keys()].sort());
      for (const d of drawn) {
        const id = d.title.split(':')[0] as string;
        expect(d.width, d.title).toBeGreaterThan(100);
        expect(d.height, d.title).toBeGreaterThan(50);
        expect([...d.states].sort(), d.title).toEqual([...(expected.get(id) ?? [])].sort());
        for (const w of d.charts) expect(w, d.title).toBeGreaterThan(100);
      }
      expect(await page.$$('img, script')).toHaveLength(0);
      mkdirSync(ARTIFACTS, { recursive: true });
      // The top of the page (summary and the first journeys): a whole-page capture of every diagram takes many seconds.
      await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 4000 } });

      // A phone: the page itself never scrolls sideways (wide diagrams and tables scroll in their own boxes).
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(ARTIFACTS, 'html-report-phone.png') });

      // Paper: each journey starts a page.
      await page.emulateMedia({ media: 'print' });
      expect(await page.$eval('main > section h2', (h) => getComputedStyle(h).breakBefore)).toBe('page');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
