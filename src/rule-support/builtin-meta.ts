import { SCHEMA, SYNTAX } from '../diagnostics/diagnostic.js';
import type { RuleMeta } from './types.js';

const FORMAT_DOCS = 'https://github.com/journeyctl/journeyctl/blob/main/docs/format.md';

/** Metadata for findings that do not come from a rule (`syntax`, `schema`), for formatters that list rules. */
export const BUILTIN_META: readonly RuleMeta[] = [
  {
    id: SYNTAX,
    description: 'The file can be read and parsed as one YAML document within the limits (size, aliases, nesting).',
    severity: 'error',
    docs: FORMAT_DOCS,
    messages: {},
  },
  {
    id: SCHEMA,
    description: 'The document follows the journey format: required keys, known keys, value types, names, durations and hours.',
    severity: 'error',
    docs: `${FORMAT_DOCS}#top-level-keys`,
    messages: {},
  },
];
