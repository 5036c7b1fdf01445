// Baseline for the lint benchmark: read every journey file in a folder and parse it with `yaml`, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const dir = process.argv[2];
let count = 0;
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.journey.yaml')) continue;
  parse(readFileSync(join(dir, name), 'utf8'));
  count++;
}
process.stdout.write(`${count}\n`);
