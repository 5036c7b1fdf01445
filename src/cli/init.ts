import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { writeOutput } from './write.js';
import { packageRoot } from './package-root.js';

/** The example journeys `journey init` copies. */
export const EXAMPLES = ['signup', 'cancellation', 'billing-dispute', 'lost-card'] as const;

/**
 * `journey init [dir]`: the four example journeys, a commented journey.config.yaml and a
 * GitHub Actions workflow. Refuses to overwrite anything unless `--force`; checks every
 * target before writing any, so a refusal writes nothing.
 */
export async function runInit(dir: string | undefined, options: { force?: boolean }, io: Io): Promise<number> {
  const root = packageRoot();
  const target = resolve(io.cwd, dir ?? '.');
  const files: { path: string; text: string }[] = [];
  for (const name of EXAMPLES) {
    const text = await readFile(join(root, 'journeys', `${name}.journey.yaml`), 'utf8');
    files.push({
      path: join(target, 'journeys', `${name}.journey.yaml`),
      // In a project, the schema comes from the installed package.
      text: text.replace(/\$schema=\.\.\/schemas\//, '$schema=../node_modules/journeyctl/schemas/'),
    });
  }
  files.push({ path: join(target, 'journey.config.yaml'), text: await readFile(join(root, 'templates', 'journey.config.yaml'), 'utf8') });
  files.push({ path: join(target, '.github', 'workflows', 'journeys.yml'), text: await readFile(join(root, 'templates', 'journeys.yml'), 'utf8') });

  const existing = files.filter((f) => existsSync(f.path));
  if (existing.length > 0 && !options.force) {
    io.stderr.write(`journey: not overwriting existing files (use --force to replace them):\n${existing.map((f) => `  ${relative(io.cwd, f.path) || f.path}`).join('\n')}\n`);
    return EXIT.USAGE;
  }
  for (const f of files) await writeOutput(f.path, f.text, 'scaffold file');
  const shown = files.map((f) => `  ${relative(io.cwd, f.path)}`).join('\n');
  io.stdout.write(`Created:\n${shown}\n\nNext: npx journey lint ${relative(io.cwd, join(target, 'journeys')) || 'journeys'}/\n`);
  return EXIT.OK;
}
