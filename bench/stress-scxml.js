// Stress run of the SCXML differential (interpreter vs the SCXML document on SCION):
// the same property as test/compile/scxml-differential.test.ts with more journeys and
// sequences, over several seeds. Usage: npm run stress:scxml [-- JOURNEYS [SEQUENCES [SEEDS]]]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [journeys = '2000', sequences = '20', seeds = '3'] = process.argv.slice(2);
let failed = 0;
for (let i = 0; i < Number(seeds); i++) {
  const seed = String(7_000_001 + i * 7919);
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/compile/scxml-differential.test.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SCXML_DIFFERENTIAL_SEED: seed, SCXML_DIFFERENTIAL_JOURNEYS: journeys, SCXML_DIFFERENTIAL_SEQUENCES: sequences },
  });
  console.log(`stress-scxml: seed ${seed}, ${journeys} journeys x ${sequences} sequences: ${result.status === 0 ? '0 mismatches' : 'MISMATCH'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
