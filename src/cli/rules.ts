import { loadRules } from '../rules/index.js';
import type { RuleMeta } from '../rule-support/types.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';

/** What a rule's reports may carry, as the `fixable` column says it: `fix`, `suggest`, both, or `-`. */
function editsOf(meta: RuleMeta): string {
  const kinds = [meta.fixable ? 'fix' : '', meta.hasSuggestions ? 'suggest' : ''].filter(Boolean);
  return kinds.length === 0 ? '-' : kinds.join('+');
}

/** `journey rules`: the rule table, or its JSON form. */
export async function runRules(options: { format?: string }, io: Io): Promise<number> {
  const rules = await loadRules();
  const format = options.format ?? 'table';
  if (format === 'json') {
    io.stdout.write(
      JSON.stringify(
        rules.map((r) => ({
          id: r.meta.id,
          severity: r.meta.severity,
          description: r.meta.description,
          docs: r.meta.docs,
          options: r.meta.defaultOptions ?? null,
          type: r.meta.type ?? 'problem',
          fixable: r.meta.fixable === true,
          hasSuggestions: r.meta.hasSuggestions === true,
        })),
        null,
        2,
      ) + '\n',
    );
    return EXIT.OK;
  }
  if (format !== 'table') throw new UsageError(`unknown format "${format}"; use table or json.`);
  const idWidth = Math.max(...rules.map((r) => r.meta.id.length));
  const row = (id: string, severity: string, type: string, edits: string, description: string): string =>
    `${id.padEnd(idWidth)}  ${severity.padEnd(7)}  ${type.padEnd(10)}  ${edits.padEnd(11)}  ${description}`;
  const lines = rules.map((r) => row(r.meta.id, r.meta.severity, r.meta.type ?? 'problem', editsOf(r.meta), r.meta.description));
  io.stdout.write(`${row('rule', 'default', 'type', 'fixable', 'description')}\n${lines.join('\n')}\n`);
  return EXIT.OK;
}
