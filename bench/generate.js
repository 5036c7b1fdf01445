// Generates synthetic journey corpora for benchmarks and stress tests.
// Usage: node bench/generate.js OUT_DIR [--files 1000] [--states 50]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A lint-clean journey with `states` states (at least 8), deterministic for a given index. */
export function generateJourney(index, states = 50) {
  const bots = Math.max(3, states - 5);
  const id = `synthetic-${index}`;
  const lines = [
    '# yaml-language-server: $schema=../../schemas/journey.schema.json',
    `journey: ${id}`,
    `title: Synthetic journey ${index}`,
    `intent: synthetic.case${index % 17}`,
    `priority: ${['routine', 'sensitive', 'urgent'][index % 3]}`,
    'channels: [chat, voice]',
    'context:',
    '  customer_id: { type: string, pii: true, purpose: Identify the account }',
    '  attempts: { type: number, default: 0 }',
    "  plan: { type: string, default: 'basic' }",
    '  verified: { type: boolean, default: false }',
    'offramp:',
    '  to: agent',
    '  on: [agent_requested, talk_to_person]',
    '  no_match: 2',
    '  frustration: true',
    'start: s0',
    'states:',
  ];
  for (let i = 0; i < bots; i++) {
    const next = i + 1 < bots ? `s${i + 1}` : 'done';
    const skip = i + 2 < bots ? `s${i + 2}` : 'done';
    lines.push(`  s${i}:`);
    lines.push(`    say: Step ${i} of the synthetic journey ${index}. What would you like to do next?`);
    if (i % 7 === 3) {
      lines.push('    always:');
      lines.push(`      - if: "plan == 'premium' && attempts < 3"`);
      lines.push(`        to: ${skip}`);
      lines.push(`      - to: ${next}`);
      continue;
    }
    if (i % 4 === 1) lines.push(`    do: [crm.log_step, analytics.track]`);
    lines.push('    on:');
    lines.push(`      next: ${next}`);
    if (i > 0) lines.push(`      back: s${i - 1}`);
    lines.push(`      skip: { to: ${skip}, set: { verified: true } }`);
    lines.push('      retry:');
    lines.push('        - if: attempts >= 2');
    lines.push('          to: agent');
    lines.push(`        - to: s${i}`);
    lines.push('          set: { attempts: attempts + 1 }');
    if (i % 5 === 2) lines.push('      premium: { to: agent_limited, set: { plan: "\'premium\'" } }');
    if (i % 5 === 4) {
      lines.push('    after:');
      lines.push('      5m: done');
      lines.push('      1h30m: cancelled');
    }
  }
  lines.push(
    '  agent:',
    '    type: human',
    '    say: Connecting you with a colleague who can see everything so far.',
    '    queue: general-support',
    '    skills: [billing, accounts]',
    '    carry: [customer_id, attempts, plan, verified]',
    '    hours: always',
    '    on:',
    '      resolved: done',
    '  agent_limited:',
    '    type: human',
    '    queue: premium-desk',
    '    carry: [customer_id, attempts, plan, verified]',
    '    hours: mon-fri 08:00-20:00, sat 09:00-13:00 Europe/London',
    '    when_closed: callback',
    '  callback:',
    '    type: end',
    '    outcome: callback_booked',
    '  cancelled:',
    '    type: end',
    '    outcome: abandoned',
    '  done:',
    '    type: end',
    '    outcome: resolved',
    '    feedback: true',
    '',
  );
  return lines.join('\n');
}

/** Writes `files` journeys of `states` states into `dir` (created if needed). */
export function writeCorpus(dir, files, states) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(dir, `synthetic-${String(i).padStart(5, '0')}.journey.yaml`), generateJourney(i, states));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args[0];
  if (!dir) {
    process.stderr.write('usage: node bench/generate.js OUT_DIR [--files N] [--states N]\n');
    process.exit(2);
  }
  const flag = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  writeCorpus(dir, flag('--files', 1000), flag('--states', 50));
}
