// Writes schemas/config.schema.json from the rules' metadata (ids, option schemas), so that
// editors complete rule names and options. Run after `npm run build` when a rule changes;
// test/config/config-schema.test.ts fails when the committed file is out of date.
import { writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadRules } = await import(join(root, 'dist', 'rules', 'index.js'));
const { configSchema } = await import(join(root, 'dist', 'config', 'schema.js'));
const schema = configSchema((await loadRules()).map((r) => r.meta));
const target = join(root, 'schemas', 'config.schema.json');
writeFileSync(`${target}.tmp`, `${JSON.stringify(schema, null, 2)}\n`);
renameSync(`${target}.tmp`, target);
