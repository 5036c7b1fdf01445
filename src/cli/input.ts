import type { FieldValue } from '../behaviour/table.js';
import { closest, listNames } from '../diagnostics/suggest.js';
import type { Journey } from '../model/types.js';
import { UsageError } from './exit-codes.js';

/**
 * Parses `--input field=value` flags (repeatable) into context values, typed against
 * the journey's context declaration: `true`/`false` for boolean fields, a finite
 * number for number fields, the text as written for string fields (quotes around it
 * are removed), and `null` for "no value" in any field. A field the journey does not
 * declare, or a value of the wrong type, is bad usage naming the field.
 */
export function parseInputs(flags: readonly string[] | undefined, journey: Journey): Record<string, FieldValue> | undefined {
  if (!flags || flags.length === 0) return undefined;
  const out: Record<string, FieldValue> = {};
  const names = [...journey.fields.keys()];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input takes field=value, e.g. --input has_account=true, got "${flag}".`);
    const name = flag.slice(0, eq).trim();
    const raw = flag.slice(eq + 1).trim();
    const field = journey.fields.get(name);
    if (!field) {
      const guess = closest(name, names);
      throw new UsageError(
        `--input names \`${name}\`, which is not a context field of ${journey.id.value}${guess ? ` (did you mean \`${guess}\`?)` : ''}; its fields are ${names.length ? listNames(names, 20) : 'none'}.`,
      );
    }
    if (Object.hasOwn(out, name)) throw new UsageError(`--input ${name}=... is given twice.`);
    out[name] = typedValue(name, field.type.value, raw);
  }
  return out;
}

function typedValue(name: string, type: 'string' | 'number' | 'boolean', raw: string): FieldValue {
  if (raw === 'null') return null;
  switch (type) {
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new UsageError(`--input ${name}: \`${name}\` is a boolean field; give true or false (or null), got "${raw}".`);
    case 'number': {
      const n = raw === '' ? NaN : Number(raw);
      if (Number.isFinite(n)) return n;
      throw new UsageError(`--input ${name}: \`${name}\` is a number field; give a number such as 3 or 2.5 (or null), got "${raw}".`);
    }
    case 'string':
      return /^(['"]).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
  }
}
