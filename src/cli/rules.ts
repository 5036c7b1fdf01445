import { loadRules } from '../rules/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';

/** `journey rules`: the rule table, or its JSON form. */
export async function runRules(options: { format?: string }, io: Io): Promise<number> {
  const rules = await loadRules();
  const format = options.format ?? 'table';
  if (format === 'json') {
    io.stdout.write(
      JSON.stringify(
        rules.map((r) => ({ id: r.meta.id, severity: r.meta.severity, description: r.meta.description, docs: r.meta.docs, options: r.meta.defaultOptions ?? null })),
        null,
        2,
      ) + '\n',
    );
    return EXIT.OK;
  }
  if (format !== 'table') throw new UsageError(`unknown format "${format}"; use table or json.`);
  const idWidth = Math.max(...rules.map((r) => r.meta.id.length));
  const lines = rules.map((r) => `${r.meta.id.padEnd(idWidth)}  ${r.meta.severity.padEnd(7)}  ${r.meta.description}`);
  io.stdout.write(`${'rule'.padEnd(idWidth)}  ${'default'.padEnd(7)}  description\n${lines.join('\n')}\n`);
  return EXIT.OK;
}
