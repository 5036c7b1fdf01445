import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, describe, expect, it } from 'vitest';
import { journeySync, ROOT, tempDir } from '../support/cli.js';
import { EXAMPLE_NAMES } from '../support/lint.js';
import { HOSTILE } from '../support/hostile-journey.js';

const dir = tempDir('html');
afterAll(() => rmSync(dir, { recursive: true, force: true }));


function page(html: string): Document {
  return new JSDOM(html).window.document;
}

describe('journey report --format html', () => {
  const out = join(dir, 'report.html');
  const run = journeySync(['report', 'journeys/', '--format', 'html', '--runs', '500', '-o', out], ROOT);

  it('writes one self-contained page: doctype, viewport, a policy that forbids every request, no script, styles inline', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('@media print');
    expect(html).toMatch(/@media \(max-width: 40rem\)/);
    const doc = page(html);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.querySelectorAll('link, iframe, object, embed, img')).toHaveLength(0);
    // Nothing is fetched: no attribute points anywhere but the page itself (SVG namespaces are names, not requests).
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (attr.name === 'xmlns' || attr.name.startsWith('xmlns:')) continue;
        if (/^(src|href|xlink:href|action|poster|data)$/.test(attr.name)) expect(attr.value, `${el.tagName} ${attr.name}`).toMatch(/^#/);
      }
    }
    expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
  });

  it('has per journey a section with headings, the heat diagram as an accessible inline SVG, charts, friction, scenarios and coverage', () => {
    const doc = page(readFileSync(out, 'utf8'));
    expect(doc.querySelector('h1')?.textContent).toBe('Journey report');
    const sections = [...doc.querySelectorAll('main > section')];
    expect(sections).toHaveLength(EXAMPLE_NAMES.length);
    for (const s of sections) {
      const title = s.querySelector('h2')?.textContent ?? '';
      const headings = [...s.querySelectorAll('h3')].map((h) => h.textContent);
      expect(headings, title).toEqual(['Lint', 'Diagram', 'Simulated customers', 'Scenarios']);
      const diagram = s.querySelector('figure.diagram svg');
      expect(diagram?.getAttribute('role'), title).toBe('img');
      expect(diagram?.getAttribute('aria-label'), title).toMatch(/^State diagram of /);
      expect(s.querySelector('figure.diagram figcaption')?.textContent, title).toBeTruthy();
      expect(diagram?.querySelectorAll('g.node').length, title).toBeGreaterThan(3);
      if (title.startsWith('identity-check')) continue; // a sub-journey: simulated inside its callers
      const charts = [...s.querySelectorAll('svg.chart')];
      expect(charts.length, title).toBe(2);
      for (const c of charts) expect(c.getAttribute('aria-label'), title).toBeTruthy();
      // Each bar says its figure in words: the share and its 95% interval.
      expect(charts[0]?.textContent, title).toMatch(/contained\d+\.\d% \(95%: \d+\.\d% – \d+\.\d%\)/);
      expect(s.querySelector('table caption')?.textContent === 'Friction states' || /No customer was escalated/.test(s.textContent ?? ''), title).toBe(true);
      expect(diagram?.textContent, title).toMatch(/Heat: 500 simulated customers, seed 1/);
      expect(s.textContent, title).toMatch(/customers asked for a person/);
      expect([...s.querySelectorAll('caption')].map((c) => c.textContent), title).toContain('Scenario results');
      expect(s.querySelector('ul.coverage')?.textContent, title).toMatch(/states: \d+ of \d+ \(\d+%\)transitions: \d+ of \d+/);
    }
    // Every summary row links to its journey's section.
    for (const a of doc.querySelectorAll('table a[href^="#"]')) expect(doc.getElementById((a.getAttribute('href') ?? '').slice(1)), a.textContent ?? '').not.toBeNull();
  });

  it('escapes everything from the journey files: a hostile title, says, queue and source line inject nothing', () => {
    const hostile = join(dir, 'hostile');
    mkdirSync(hostile, { recursive: true });
    writeFileSync(join(hostile, 'hostile.journey.yaml'), HOSTILE);
    const file = join(dir, 'hostile.html');
    const r = journeySync(['report', hostile, '--format', 'html', '--runs', '100', '-o', file], ROOT);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<img|<script|<svg onload|<b>bold/i);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    const doc = page(html);
    expect(doc.querySelectorAll('img, script, b')).toHaveLength(0);
    expect(doc.querySelector('h2')?.textContent).toBe('hostile: </script><img src=x onerror=alert(1)> & <b>bold</b>');
    // The finding's source excerpt shows the hostile comment as text.
    expect(doc.querySelector('pre.excerpt')?.textContent).toContain('orphan: # </script><img src=x onerror=alert(3)>');
    for (const el of doc.querySelectorAll('*')) for (const attr of el.attributes) expect(attr.name, el.tagName).not.toMatch(/^on/);
  });

  it('--compare highlights every changed figure with its old value, its change and an arrow', () => {
    const base = join(dir, 'base');
    const head = join(dir, 'head');
    mkdirSync(base, { recursive: true });
    mkdirSync(head, { recursive: true });
    cpSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), join(base, 'lost-card.journey.yaml'));
    const changed = readFileSync(join(ROOT, 'journeys', 'lost-card.journey.yaml'), 'utf8').replace(/^ {2}no_match: 2$/m, '  no_match: 3');
    writeFileSync(join(head, 'lost-card.journey.yaml'), changed);
    const file = join(dir, 'compare.html');
    const r = journeySync(['report', head, '--compare', base, '--format', 'html', '--runs', '2000', '-o', file], ROOT);
    expect(r.status, r.stderr).toBe(0);
    const doc = page(readFileSync(file, 'utf8'));
    const marks = [...doc.querySelectorAll('table mark')];
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m.previousElementSibling?.className).toBe('was');
    expect(doc.querySelector('table')?.textContent).toMatch(/\d+\.\d% → \d+\.\d% [▲▼] [+−]\d+\.\d pts/);
    const chart = doc.querySelector('svg.chart');
    expect(chart?.querySelectorAll('rect.base').length).toBe(3);
    expect(chart?.getAttribute('aria-label')).toMatch(/\(base \d+\.\d%\)/);
    expect(doc.body.textContent).toMatch(/thin grey bar under it: the base version/);
  });

  it('an unknown --format is a usage error (exit 2) naming the choices', () => {
    const r = journeySync(['report', 'journeys/signup.journey.yaml', '--format', 'pdf', '--runs', '10'], ROOT);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown format "pdf"; use markdown or html/);
  });
});
