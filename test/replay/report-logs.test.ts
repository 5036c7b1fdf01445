// `journey report --logs` on the real binary: the "Real conversations" section shows the
// replay's conformance and counts (the same as `journey replay` finds, golden JSON) in
// Markdown and HTML; a missing log and plain logs shared by several journeys exit 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectNoCrash, journey } from '../support/cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'replay');
const LOST_CARD = join(ROOT, 'journeys', 'lost-card.journey.yaml');
const LOG = 'lost-card-deviations.jsonl';
const CSV_MAP = ['--map', 'conversation=session_id,ts=timestamp,event=intent_name'];
const golden = JSON.parse(readFileSync(join(FIXTURES, 'lost-card-deviations.expected.json'), 'utf8'));
const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** The text of the "Real conversations" section of one journey of a Markdown report. */
function realSection(markdown: string, id: string): string {
  const journeyStart = markdown.indexOf(`\n## ${id}:`);
  expect(journeyStart).toBeGreaterThan(0);
  const from = markdown.indexOf('### Real conversations', journeyStart);
  expect(from).toBeGreaterThan(0);
  return markdown.slice(from, markdown.indexOf('### Scenarios', from));
}

describe('journey report --logs', () => {
  it('adds the replay of the logged conversations to the Markdown report, with the gap to the simulation', async () => {
    const run = await journey(['report', LOST_CARD, '--runs', '500', '--logs', LOG], FIXTURES);
    expectNoCrash(run);
    expect(run.status).toBe(0);
    const section = realSection(run.stdout, 'lost-card');
    const r = golden.replay;
    expect(r.conversations).toBe(40);
    expect(section).toContain(`${r.conversations} conversations, ${r.steps} steps. **Conformance ${pct(r.conformance.share.share)}**`);
    expect(section).toContain('Conformance 92.5%');
    for (const d of r.conformance.deviations) expect(section).toContain(`| 1 | ${d.kind} | ${d.state} | ${d.event} |`);
    expect(section).toContain(`| escalated | ${pct(r.escalation.share)} |`);
    expect(section).toContain(`| contained | ${pct(r.containment.share)} |`);
    expect(section).toContain(`**${r.asked.customers - r.asked.reachedPerson} of ${r.asked.customers}**`);
    expect(section).toMatch(/\| containment \| 2\.5% \(0\.4% – 12\.9%\) \| \d+\.\d% \(/);
    expect(section).toContain('1 malformed line skipped');
    expect(run.stdout).toContain(`Real conversations from \`${LOG}\`.`);
  });

  it('shows the same section in the HTML report', async () => {
    const run = await journey(['report', LOST_CARD, '--runs', '500', '--format', 'html', '--logs', LOG], FIXTURES);
    expectNoCrash(run);
    expect(run.status).toBe(0);
    const html = run.stdout;
    const section = html.slice(html.indexOf('<h3>Real conversations</h3>'), html.indexOf('<h3>Scenarios</h3>'));
    expect(section).toContain('<strong>Conformance 92.5%</strong> (95%: 80.1% – 97.4%): 37 of 40 conversations are what the journey does.');
    expect(section).toContain('<td>guard-false</td><td><code>verify</code></td><td><code>failed</code></td>');
    expect(section).toContain(`<th scope="row">escalated</th><td>${pct(golden.replay.escalation.share)}</td>`);
    expect(section).toContain('<caption>Real versus simulated figures of lost-card</caption>');
    // The heat of real traffic: every logged conversation starts in greet; c1 and c5 deviate at their first turn, so 17 reach verify.
    const heat = section.slice(section.indexOf('id="journey-1-real-diagram"'));
    expect(heat).toContain('Heat: 40 logged conversations (up to their first deviation)');
    expect(heat).toContain('greet · 40 (100.0%)');
    expect(heat).toContain('verify · 17 (42.5%)');
    expect(html).toContain('Heat: 500 simulated customers, seed 1');
  });

  it('gives each journey of a folder the lines of its own journey id', async () => {
    const run = await journey(['report', join(ROOT, 'journeys'), '--runs', '200', '--logs', LOG], FIXTURES);
    expectNoCrash(run);
    expect(realSection(run.stdout, 'lost-card')).toContain('40 conversations');
    expect(realSection(run.stdout, 'signup')).toContain('No conversation of this journey in the logs.');
    expect(realSection(run.stdout, 'identity-check')).toContain('A sub-journey');
  });

  it('reads plain event logs through --map for a report of one journey', async () => {
    const run = await journey(['report', LOST_CARD, '--runs', '200', '--logs', 'lost-card-export.csv', ...CSV_MAP], FIXTURES);
    expectNoCrash(run);
    expect(realSection(run.stdout, 'lost-card')).toContain('6 conversations, 17 steps. **Conformance 83.3%**');
  });

  it('exits 2 with a plain message for plain logs and several journeys, a missing log, and --map without --logs', async () => {
    const plain = await journey(['report', join(ROOT, 'journeys'), '--runs', '100', '--logs', 'lost-card-export.csv', ...CSV_MAP], FIXTURES);
    expectNoCrash(plain);
    expect(plain.status).toBe(2);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain('17 log lines have no journey id, and the report has 5 journeys to replay');
    const missing = await journey(['report', LOST_CARD, '--runs', '100', '--logs', 'no-such.jsonl'], FIXTURES);
    expectNoCrash(missing);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^journey: .*no-such\.jsonl: no such file\n$/);
    const stray = await journey(['report', LOST_CARD, '--map', 'event=intent'], FIXTURES);
    expectNoCrash(stray);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toContain('--map and --idle are for the logs of --logs');
  });
});
