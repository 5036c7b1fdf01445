import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { writeOutput } from './write.js';
import { packageRoot } from './package-root.js';

/** The example journeys `journey init` copies. */
export const EXAMPLES = ['signup', 'cancellation', 'billing-dispute', 'lost-card'] as const;

/** Where `journey init` puts the copies of the JSON Schemas that editors read. */
export const SCHEMA_FOLDER = 'schemas';

/**
 * `journey init [dir]`: the four example journeys, a commented journey.config.yaml, a
 * GitHub Actions workflow, and copies of the JSON Schemas their modelines point at.
 * Refuses to overwrite anything unless `--force`; checks every target before writing
 * any, so a refusal writes nothing.
 */
export async function runInit(dir: string | undefined, options: { force?: boolean }, io: Io): Promise<number> {
  const root = packageRoot();
  const target = resolve(io.cwd, dir ?? '.');
  const scaffold: ScaffoldFile[] = [];
  for (const name of EXAMPLES) {
    const text = await readFile(join(root, 'journeys', `${name}.journey.yaml`), 'utf8');
    scaffold.push({ path: join(target, 'journeys', `${name}.journey.yaml`), text });
  }
  scaffold.push({ path: join(target, 'journey.config.yaml'), text: await readFile(join(root, 'templates', 'journey.config.yaml'), 'utf8') });
  scaffold.push({ path: join(target, '.github', 'workflows', 'journeys.yml'), text: await readFile(join(root, 'templates', 'journeys.yml'), 'utf8') });
  const folder = join(target, SCHEMA_FOLDER);
  const linked = scaffold.map((f) => linkSchema(f, folder));
  const files = [...linked, ...(await schemaCopies(linked, root, folder))];

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

/** A file `journey init` writes. */
interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

/** The yaml-language-server modeline, and the schema file it names. */
const MODELINE = /^(# yaml-language-server: \$schema=)\S*?([\w.-]+\.schema\.json)[ \t]*$/m;

/**
 * The file with its modeline pointing at the project's own copy of the schema, relative
 * to the file: it resolves wherever the project is, whether or not journeyctl is
 * installed in node_modules.
 */
function linkSchema(file: ScaffoldFile, folder: string): ScaffoldFile {
  const name = MODELINE.exec(file.text)?.[2];
  if (name === undefined) return file;
  const link = relative(dirname(file.path), join(folder, name)).split(sep).join('/');
  return { path: file.path, text: file.text.replace(MODELINE, `$1${link}`) };
}

/** Copies of the package's schemas that the files' modelines name, for the project's schema folder. */
async function schemaCopies(files: readonly ScaffoldFile[], root: string, folder: string): Promise<ScaffoldFile[]> {
  const names = [...new Set(files.flatMap((f) => MODELINE.exec(f.text)?.[2] ?? []))].sort();
  return Promise.all(names.map(async (name) => ({ path: join(folder, name), text: await readFile(join(root, 'schemas', name), 'utf8') })));
}
