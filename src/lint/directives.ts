import { Lexer } from 'yaml';
import { span, type Diagnostic, type Severity, type Span } from '../diagnostics/diagnostic.js';
import { closest, listNames } from '../diagnostics/suggest.js';
import { LineIndex, normalizeLineBreaks } from '../diagnostics/line-index.js';

/** Rule id of findings about disable comments themselves. */
export const DIRECTIVE = 'directive';

/** Rules whose findings may only be disabled with a written reason (`-- reason`). */
export const REASON_REQUIRED: ReadonlySet<string> = new Set(['human-exit', 'offramp-distance']);

/** Kinds of disable comment. */
export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line' | 'disable-file';

/** One `# journey-...` comment. */
export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids named; empty means every rule. */
  readonly rules: readonly string[];
  readonly reason?: string;
  /** The comment. */
  readonly span: Span;
  /** 1-based line of the comment. */
  readonly line: number;
}

const PATTERN = /^#\s*journey-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(.*)$/;
/** Lexer tokens that mark structure without taking up source text. */
const ZERO_WIDTH = new Set(['\x02', '\x18', '\x1f']);

/** False when the text cannot hold a disable comment (then `applyDirectives` leaves its findings as they are). */
export function mayHaveDirectives(text: string): boolean {
  // Every kind of comment starts with `journey-disable` or `journey-enable` (`journey-wide` in
  // prose does not): one scan for the common prefix, as the warm cache asks this of every file.
  for (let at = text.indexOf('journey-'); at >= 0; at = text.indexOf('journey-', at + 8)) {
    if (text.startsWith('disable', at + 8) || text.startsWith('enable', at + 8)) return true;
  }
  return false;
}

/** Finds disable comments, using the YAML lexer so that `#` inside strings and block scalars never counts. */
export function parseDirectives(text: string, lines?: LineIndex): Directive[] {
  if (!mayHaveDirectives(text)) return [];
  const index = lines ?? new LineIndex(text);
  const out: Directive[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(normalizeLineBreaks(text))) {
    if (token.startsWith('#')) {
      const m = PATTERN.exec(token);
      if (m) {
        const [body, reason] = splitReason(m[2] ?? '');
        const rules = body
          .split(/[\s,]+/)
          .map((r) => r.trim())
          .filter(Boolean);
        out.push({
          kind: m[1] as DirectiveKind,
          rules,
          ...(reason ? { reason } : {}),
          span: span(offset, offset + token.length),
          line: index.position(offset).line,
        });
      }
    }
    if (!ZERO_WIDTH.has(token)) offset += token.length;
  }
  return out;
}

function splitReason(rest: string): [string, string | undefined] {
  const at = rest.indexOf('--');
  if (at < 0) return [rest, undefined];
  const reason = rest.slice(at + 2).trim();
  return [rest.slice(0, at), reason === '' ? undefined : reason];
}

/** How directive problems are reported. */
export interface DirectiveOptions {
  /** Severity of disable comments that suppress nothing, or `off`. */
  readonly unusedSeverity: 'off' | Severity;
  /** Rule ids that exist (others in a comment are reported). */
  readonly knownRules: readonly string[];
}

/** Findings left after disable comments, plus findings about the comments; how many were suppressed. */
export interface DirectiveResult {
  readonly diagnostics: Diagnostic[];
  readonly suppressed: number;
}

interface Cover {
  readonly directive: Directive;
  readonly rule: string; // '*' for every rule
  readonly from: number;
  readonly to: number;
  used: boolean;
  readonly blocked: boolean; // a reason is required and missing
  /** For a bare block: rules enabled again inside it, from a line on. */
  readonly except?: ReadonlyMap<string, number>;
}

/**
 * Applies disable comments to a file's findings. Findings from `syntax` and `schema`
 * cannot be disabled. Disabling `human-exit` or `offramp-distance` without a reason
 * is refused (the finding stays) and reported.
 */
export function applyDirectives(text: string, diagnostics: readonly Diagnostic[], options: DirectiveOptions): DirectiveResult {
  // Most files have no disable comment: they never pay for a line index.
  if (!mayHaveDirectives(text)) return { diagnostics: [...diagnostics], suppressed: 0 };
  const lines = new LineIndex(text);
  const directives = parseDirectives(text, lines);
  if (directives.length === 0) return { diagnostics: [...diagnostics], suppressed: 0 };
  const problems: Diagnostic[] = [];
  const known = new Set(options.knownRules);
  const covers: Cover[] = [];
  const open = new Map<string, { directive: Directive; from: number; except: Map<string, number> }>();
  const last = lines.lineCount;
  const unusedEnables: Directive[] = [];
  const close = (rule: string, started: { directive: Directive; from: number; except: Map<string, number> }, to: number): void => {
    const blocked = !started.directive.reason && (rule === '*' || REASON_REQUIRED.has(rule));
    covers.push({ directive: started.directive, rule, from: started.from, to, used: false, blocked, except: started.except });
  };

  for (const d of directives) {
    const named = d.rules.filter((r) => {
      if (known.has(r)) return true;
      const cannot = r === 'syntax' || r === 'schema';
      const near = closest(r, options.knownRules);
      problems.push({
        ruleId: DIRECTIVE,
        code: 'unknown-rule',
        severity: 'error',
        message: cannot
          ? `\`${r}\` findings cannot be disabled: the file must parse and follow the format before rules can judge it.`
          : `\`journey-${d.kind}\` names \`${r}\`, which is not a rule${near ? ` (did you mean \`${near}\`?)` : ''}.`,
        span: d.span,
      });
      return false;
    });
    if (d.rules.length > 0 && named.length === 0) continue;
    const targets = d.rules.length === 0 ? ['*'] : named;
    const needsReason = !d.reason && targets.some((r) => r === '*' || REASON_REQUIRED.has(r));
    if (needsReason && d.kind !== 'enable') {
      const which = targets.includes('*') ? [...REASON_REQUIRED] : targets.filter((r) => REASON_REQUIRED.has(r));
      problems.push({
        ruleId: DIRECTIVE,
        code: 'missing-reason',
        severity: 'error',
        message: `Disabling ${listNames(which)} needs a written reason: a disabled off-ramp check must say why.`,
        hint: `Add one after \`--\`, e.g. \`# journey-${d.kind} ${targets.join(', ').replace('*', '').trim() || which[0]} -- reviewed with the CX lead: <why>\`.`,
        span: d.span,
      });
    }
    for (const rule of targets) {
      const blocked = needsReason && (rule === '*' || REASON_REQUIRED.has(rule));
      switch (d.kind) {
        case 'disable-file':
          covers.push({ directive: d, rule, from: 1, to: last, used: false, blocked });
          break;
        case 'disable-line':
          covers.push({ directive: d, rule, from: d.line, to: d.line, used: false, blocked });
          break;
        case 'disable-next-line':
          covers.push({ directive: d, rule, from: d.line + 1, to: d.line + 1, used: false, blocked });
          break;
        case 'disable':
          if (!open.has(rule)) open.set(rule, { directive: d, from: d.line, except: new Map() });
          else open.get(rule)?.except.delete(rule);
          if (rule !== '*') open.get('*')?.except.delete(rule);
          break;
        case 'enable': {
          if (rule === '*') {
            // A bare enable ends every open block.
            if (open.size === 0) unusedEnables.push(d);
            for (const [r, started] of open) close(r, started, d.line);
            open.clear();
            break;
          }
          const own = open.get(rule);
          const bare = open.get('*');
          if (!own && !bare) {
            unusedEnables.push(d);
            break;
          }
          if (own) {
            open.delete(rule);
            close(rule, own, d.line);
          }
          // Inside a bare block, enabling one rule ends the block for that rule only (as ESLint does).
          if (bare && !bare.except.has(rule)) bare.except.set(rule, d.line);
          break;
        }
      }
    }
  }
  for (const [rule, started] of open) close(rule, started, last);

  let suppressed = 0;
  const kept: Diagnostic[] = [];
  for (const finding of diagnostics) {
    if (finding.ruleId === 'syntax' || finding.ruleId === 'schema' || finding.ruleId === DIRECTIVE) {
      kept.push(finding);
      continue;
    }
    const line = lines.position(finding.span.start).line;
    let hidden = false;
    for (const cover of covers) {
      if (line < cover.from || line > cover.to) continue;
      if (cover.rule !== '*' && cover.rule !== finding.ruleId) continue;
      const enabledAgain = cover.except?.get(finding.ruleId);
      if (enabledAgain !== undefined && line >= enabledAgain) continue;
      if (cover.blocked && (cover.rule !== '*' || REASON_REQUIRED.has(finding.ruleId))) continue;
      cover.used = true;
      hidden = true;
    }
    if (hidden) suppressed++;
    else kept.push(finding);
  }

  if (options.unusedSeverity !== 'off') {
    const reported = new Set<string>();
    for (const cover of covers) {
      if (cover.used || cover.blocked) continue;
      const key = `${cover.directive.span.start}:${cover.rule}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const what = cover.rule === '*' ? 'no finding' : `no \`${cover.rule}\` finding`;
      problems.push({
        ruleId: DIRECTIVE,
        code: 'unused',
        severity: options.unusedSeverity,
        message: `Unused \`journey-${cover.directive.kind}\`: ${what} ${cover.directive.kind === 'disable-file' ? 'in this file' : cover.from === cover.to ? `on line ${cover.from}` : `on lines ${cover.from}-${cover.to}`} to disable.`,
        hint: 'Remove the comment, so that the check works again if the problem comes back.',
        span: cover.directive.span,
      });
    }
    for (const d of unusedEnables) {
      problems.push({
        ruleId: DIRECTIVE,
        code: 'unused',
        severity: options.unusedSeverity,
        message: `Unused \`journey-enable\`: no \`journey-disable\` block${d.rules.length ? ` for ${listNames(d.rules)}` : ''} is open here.`,
        span: d.span,
      });
    }
  }
  return { diagnostics: [...kept, ...problems], suppressed };
}
