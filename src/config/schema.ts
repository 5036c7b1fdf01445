import type { RuleMeta } from '../rule-support/types.js';

/** Severity words accepted in a config (ESLint's numbers too). */
export const SEVERITY_VALUES = ['off', 'warn', 'error', 0, 1, 2] as const;

/**
 * The JSON Schema of journey.config.yaml, built from the rules' metadata so that each
 * rule's options are validated by its own option schema. The committed copy in
 * schemas/config.schema.json is generated from this and checked by a test.
 */
export function configSchema(metas: readonly RuleMeta[]): Record<string, unknown> {
  const ruleProperties: Record<string, unknown> = {};
  const defs: Record<string, unknown> = {
    severity: { description: 'off, warn or error (or 0, 1, 2).', enum: [...SEVERITY_VALUES] },
    globs: { type: 'array', items: { type: 'string', minLength: 1 } },
  };
  for (const meta of [...metas].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const withOptions = meta.options !== undefined;
    ruleProperties[meta.id] = {
      description: `${meta.description} Default: ${meta.severity}.${withOptions ? ' Takes options: [severity, { ... }].' : ''}`,
      type: ['string', 'integer', 'array'],
      if: { type: 'array' },
      then: {
        minItems: 1,
        maxItems: withOptions ? 2 : 1,
        prefixItems: withOptions ? [{ $ref: '#/$defs/severity' }, meta.options] : [{ $ref: '#/$defs/severity' }],
      },
      else: { $ref: '#/$defs/severity' },
    };
  }
  defs.rules = {
    description: 'Rule id -> off | warn | error, or [severity, options].',
    type: 'object',
    properties: ruleProperties,
    additionalProperties: false,
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/journeyctl/journeyctl/schemas/config.schema.json',
    title: 'journeyctl configuration (journey.config.yaml)',
    description: 'See docs/config.md.',
    type: 'object',
    properties: {
      extends: { description: 'Preset to start from: recommended (rule defaults) or strict (every rule an error).', enum: ['recommended', 'strict'] },
      rules: { $ref: '#/$defs/rules' },
      overrides: {
        description: 'Rule settings for files matching globs (relative to this file), applied in order.',
        type: 'array',
        items: {
          type: 'object',
          required: ['files'],
          properties: { files: { $ref: '#/$defs/globs', minItems: 1 }, rules: { $ref: '#/$defs/rules' } },
          patternProperties: { '^x-': {} },
          additionalProperties: false,
        },
      },
      ignores: { description: 'Globs (relative to this file) of journey files never linted.', $ref: '#/$defs/globs' },
      'report-unused-disables': { description: 'Severity of disable comments that suppress nothing (default: warn).', $ref: '#/$defs/severity' },
      'max-file-size': {
        description: 'Largest journey file read: bytes, or a size such as 2MB (default 2MB).',
        type: ['integer', 'string'],
        if: { type: 'string' },
        then: { pattern: '^\\d+(\\.\\d+)?\\s*([kKmMgG]i?[bB]?|[bB])?$' },
        else: { minimum: 1 },
      },
    },
    patternProperties: { '^x-': {} },
    additionalProperties: false,
    $defs: defs,
  };
}
