import { createHash } from 'node:crypto';
import { sep } from 'node:path';
import { displayPath, safeJson } from '../diagnostics/display.js';
import { LineIndex } from '../diagnostics/line-index.js';
import type { LocatedDiagnostic } from '../diagnostics/located.js';
import { pascalCase } from '../spec/names.js';
import { BUILTIN_META } from '../rule-support/builtin-meta.js';
import type { RuleMeta } from '../rule-support/types.js';
import type { Formatter } from './types.js';

const LEVEL = { error: 'error', warning: 'warning' } as const;

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: every rule that ran or reported
 * is described in `tool.driver.rules`; results point at repo-relative URIs with
 * full regions and carry `partialFingerprints` so that alerts survive line moves.
 */
export const sarif: Formatter = (files, context) => {
  const root = context.repoRoot ?? context.cwd;
  const metas = new Map<string, RuleMeta>();
  for (const meta of BUILTIN_META) metas.set(meta.id, meta);
  for (const [id, meta] of context.rules) metas.set(id, meta);
  const used = new Set<string>();
  for (const f of files) for (const m of f.messages) used.add(m.ruleId);
  const listed = [...metas.values()].filter((m) => used.has(m.id) || (context.ruleIds ?? [...context.rules.keys()]).includes(m.id));
  listed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleIndex = new Map(listed.map((m, i) => [m.id, i]));

  const results = [];
  for (const file of files) {
    const uri = toUri(file.filePath, root);
    const lines = new LineIndex(file.source);
    const seen = new Map<string, number>();
    for (const m of file.messages) {
      const lineText = file.source === '' ? '' : lines.lineText(m.line).trim();
      const base = createHash('sha256').update(`${m.ruleId}\0${lineText}\0${m.message}`).digest('hex').slice(0, 32);
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      results.push({
        ruleId: m.ruleId,
        ...(ruleIndex.has(m.ruleId) ? { ruleIndex: ruleIndex.get(m.ruleId) } : {}),
        level: LEVEL[m.severity],
        message: { text: m.message + (m.hint ? `\nFix: ${m.hint}` : '') },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
              region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
            },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: `${base}:${occurrence}` },
        ...sarifFixes(m, uri, lines),
      });
    }
  }

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'journeyctl',
            informationUri: 'https://github.com/journeyctl/journeyctl',
            ...(context.version ? { version: context.version, semanticVersion: context.version } : {}),
            rules: listed.map((meta) => ({
              id: meta.id,
              name: pascalCase(meta.id),
              shortDescription: { text: meta.description },
              fullDescription: { text: meta.description },
              help: { text: `${meta.description}\n\nSee ${meta.docs}`, markdown: `${meta.description}\n\n[Rule documentation](${meta.docs})` },
              helpUri: meta.docs,
              defaultConfiguration: { level: LEVEL[meta.severity] },
              properties: { tags: ['journey', 'customer-experience'], precision: 'very-high', 'problem.severity': meta.severity === 'error' ? 'error' : 'warning' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(root) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return safeJson(JSON.stringify(log, null, 2)) + '\n';
};

function toUri(filePath: string, root: string): string {
  if (filePath.startsWith('<')) return encodeURI(filePath.replace(/[<>]/g, ''));
  return displayPath(filePath, root).split('/').map(encodeURIComponent).join('/');
}

function directoryUri(dir: string): string {
  const path = dir.split(sep).join('/');
  const withSlash = path.endsWith('/') ? path : `${path}/`;
  return `file://${withSlash.startsWith('/') ? '' : '/'}${withSlash.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * SARIF `fixes` of a finding: its fix, then each suggestion, as replacements of a region given by
 * line and column (UTF-16 code units, SARIF's default column kind, as every region here) and the
 * text written there. Code scanning shows them as proposed fixes.
 */
function sarifFixes(m: LocatedDiagnostic, uri: string, lines: LineIndex): { fixes?: unknown[] } {
  const proposals = [...(m.fix ? [{ desc: 'Apply the fix of `journey lint --fix`', fix: m.fix }] : []), ...(m.suggestions ?? [])];
  if (proposals.length === 0) return {};
  return {
    fixes: proposals.map((p) => {
      const start = lines.position(p.fix.range[0]);
      const end = lines.position(p.fix.range[1]);
      return {
        description: { text: p.desc },
        artifactChanges: [
          {
            artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
                insertedContent: { text: p.fix.text },
              },
            ],
          },
        ],
      };
    }),
  };
}
