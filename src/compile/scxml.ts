// The W3C SCXML 1.0 target (mapping and conventions: docs/compile.md, "SCXML"). Like the
// XState compiler it reads only the behaviour table, so both targets share one semantics.
// Everything from a journey reaches the document through two doors: `xmlAttr` (text in an
// attribute) and `jsString` (a string inside an ECMAScript expression). Expressions are
// emitted from their AST, never from source text, as calls to the `journeyLib` prelude
// that reproduces src/expr/evaluate.ts (errors, null, limits) exactly.
import { behaviourOf, type Choice, type ResolvedRung, type StateBehaviour } from '../behaviour/table.js';
import type { Expr } from '../expr/ast.js';
import { MAX_STRING_LENGTH } from '../expr/evaluate.js';
import { MAX_FUNCTION_ARGS } from '../expr/functions.js';
import type { Assignment, Expression, HumanState, Journey } from '../model/types.js';
import { UnsafeNameError } from './source-text.js';

/** Datamodel variable holding the journey's context fields (one object, so field names need not be XML ids). */
export const SCXML_CONTEXT = 'journey_ctx';
/** Datamodel variable holding the consecutive no_match / no_input counts of the current state. */
export const SCXML_COUNTS = 'journey_counts';
/** Datamodel variable the host fills with whether each limited-hours human state is open now. */
export const SCXML_OPEN = 'journey_open';
/** Event the host sends to update `journey_open` (data: an object of state id to boolean). */
export const SCXML_HOURS_EVENT = 'journey.hours';
/** Prefix of the events (and send ids) of `after` timeouts. */
export const SCXML_TIMEOUT_PREFIX = 'journey.timeout.';

const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** The SCXML state id of a behaviour-table state id: `$` of inlined states becomes `.` (journey ids hold no dot). */
export function scxmlStateId(id: string): string {
  const out = id.replace(/\$/g, '.');
  if (!NCNAME.test(out) || out.startsWith('journey.')) throw new UnsafeNameError(`state ${JSON.stringify(id)} cannot be written as an SCXML id`);
  return out;
}

/** The SCXML id of the hidden state that routes into a limited-hours human state. */
export function scxmlRouteId(id: string): string {
  return `journey.route.${scxmlStateId(id)}`;
}

/** Text for an XML attribute value in double quotes (controls and line separators as character references). */
export function xmlAttr(text: string): string {
  return text.replace(/[&<>"'\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.codePointAt(0) as number;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return '\uFFFD';
    return `&#${code};`;
  });
}

/** A string as an ECMAScript string literal (JSON, with U+2028/U+2029 and `<` escaped so no parser reads them as structure). */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029<>&]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}

function jsValue(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029<>&]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}

/** The prelude: the expression language's semantics (src/expr/evaluate.ts, src/expr/functions.ts) as ECMAScript. */
export const SCXML_PRELUDE = `var journeyLib = (function () {
  var ERR = { error: true };
  var MAX = ${MAX_STRING_LENGTH};
  function own(o, k) { return o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k); }
  function val(v) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return isFinite(v) ? v : ERR;
    return ERR;
  }
  function fin(n) { return isFinite(n) ? n : ERR; }
  function str(s) { return s.length > MAX ? ERR : s; }
  function codePoints(s) { var n = 0; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) { var d = s.charCodeAt(i + 1); if (d >= 0xdc00 && d <= 0xdfff) i++; } n++; } return n; }
  function extreme(args, sign) { var best; for (var i = 0; i < args.length; i++) { var v = args[i]; if (typeof v !== 'number') return ERR; if (best === undefined || (sign < 0 ? v < best : v > best)) best = v; } return best; }
  var fns = {
    len: [1, 1, function (a) { return typeof a[0] === 'string' ? codePoints(a[0]) : ERR; }],
    lower: [1, 1, function (a) { return typeof a[0] === 'string' ? a[0].toLowerCase() : ERR; }],
    upper: [1, 1, function (a) { return typeof a[0] === 'string' ? a[0].toUpperCase() : ERR; }],
    contains: [2, 2, function (a) { return typeof a[0] === 'string' && typeof a[1] === 'string' ? a[0].indexOf(a[1]) >= 0 : ERR; }],
    min: [2, ${MAX_FUNCTION_ARGS}, function (a) { return extreme(a, -1); }],
    max: [2, ${MAX_FUNCTION_ARGS}, function (a) { return extreme(a, 1); }],
    round: [1, 1, function (a) { if (typeof a[0] !== 'number') return ERR; var r = Math.sign(a[0]) * Math.round(Math.abs(a[0])); return r === 0 ? 0 : r; }]
  };
  return {
    field: function (ctx, k) { return own(ctx, k) ? val(ctx[k]) : ERR; },
    ev: function (data, k) { return own(data, k) ? val(data[k]) : ERR; },
    not: function (v) { return v === ERR ? ERR : typeof v === 'boolean' ? !v : ERR; },
    neg: function (v) { return v === ERR ? ERR : typeof v === 'number' ? fin(-v) : ERR; },
    and: function (l, right) { if (l === ERR || typeof l !== 'boolean') return ERR; if (l === false) return false; var r = right(); return r === ERR || typeof r !== 'boolean' ? ERR : r; },
    or: function (l, right) { if (l === ERR || typeof l !== 'boolean') return ERR; if (l === true) return true; var r = right(); return r === ERR || typeof r !== 'boolean' ? ERR : r; },
    bin: function (op, l, r) {
      if (l === ERR || r === ERR) return ERR;
      if (op === '==') return l === r;
      if (op === '!=') return l !== r;
      if (op === '+') {
        if (typeof l === 'number' && typeof r === 'number') return fin(l + r);
        if (typeof l === 'string' && typeof r === 'string') return l.length + r.length > MAX ? ERR : l + r;
        return ERR;
      }
      if (typeof l !== 'number' || typeof r !== 'number') return ERR;
      if (op === '<') return l < r;
      if (op === '<=') return l <= r;
      if (op === '>') return l > r;
      if (op === '>=') return l >= r;
      if (op === '-') return fin(l - r);
      if (op === '*') return fin(l * r);
      if (op === '/') return r === 0 ? ERR : fin(l / r);
      return ERR;
    },
    call: function (name, args) {
      var f = own(fns, name) ? fns[name] : undefined;
      if (f === undefined || args.length < f[0] || args.length > f[1]) return ERR;
      for (var i = 0; i < args.length; i++) if (args[i] === ERR) return ERR;
      var r = f[2](args);
      if (r === ERR || r === undefined) return ERR;
      if (typeof r === 'number') return fin(r);
      return typeof r === 'string' ? str(r) : r;
    },
    holds: function (v) { return v === true; },
    assign: function (ctx, pairs) { var out = {}; for (var k in ctx) if (own(ctx, k)) out[k] = ctx[k]; for (var i = 0; i < pairs.length; i++) if (pairs[i][1] !== ERR) out[pairs[i][0]] = pairs[i][1]; return out; },
    count: function (counts, which) { var out = { noMatch: counts.noMatch, noInput: counts.noInput }; out[which] = out[which] + 1; return out; },
    open: function (open, state) { return own(open, state) && open[state] === true; },
    hours: function (open, data) { var out = {}; for (var k in open) if (own(open, k)) out[k] = open[k]; if (data !== null && typeof data === 'object') for (var s in data) if (own(data, s) && typeof data[s] === 'boolean') out[s] = data[s]; return out; },
    carry: function (ctx, names) { var out = {}; for (var i = 0; i < names.length; i++) out[names[i]] = own(ctx, names[i]) ? ctx[names[i]] : null; return out; }
  };
})();`;

/** An expression of the journey language as an ECMAScript expression over the prelude; `data` is the event data expression. */
export function scxmlExpr(expr: Expr, data: string): string {
  switch (expr.kind) {
    case 'literal':
      return jsValue(expr.value);
    case 'field':
      return `journeyLib.field(${SCXML_CONTEXT}, ${jsString(expr.name)})`;
    case 'event':
      return `journeyLib.ev(${data}, ${jsString(expr.name)})`;
    case 'unary':
      return `journeyLib.${expr.op === '!' ? 'not' : 'neg'}(${scxmlExpr(expr.arg, data)})`;
    case 'binary':
      if (expr.op === '&&' || expr.op === '||') return `journeyLib.${expr.op === '&&' ? 'and' : 'or'}(${scxmlExpr(expr.left, data)}, function () { return ${scxmlExpr(expr.right, data)}; })`;
      return `journeyLib.bin(${jsString(expr.op)}, ${scxmlExpr(expr.left, data)}, ${scxmlExpr(expr.right, data)})`;
    case 'call':
      return `journeyLib.call(${jsString(expr.fn)}, [${expr.args.map((a) => scxmlExpr(a, data)).join(', ')}])`;
  }
}

const EVENT_DATA = '_event.data';
const NO_DATA = 'null';
// Eventless transitions read the event that led into the state (as the interpreter does); at start there is none.
const LAST_EVENT_DATA = "(typeof _event === 'undefined' || _event === null ? null : _event.data)";

/**
 * Compiles a lint-clean journey to an SCXML 1.0 document (ECMAScript datamodel), from
 * the behaviour table; deterministic, ending with a newline. Throws UnsafeNameError for
 * a state id that cannot be an SCXML id.
 */
export function compileScxml(journey: Journey, source: string): string {
  const table = behaviourOf(journey);
  const routed = new Set<string>();
  for (const s of table.states.values()) if (s.closed) routed.add(s.id);
  const targetOf = (id: string): string => (routed.has(id) ? scxmlRouteId(id) : scxmlStateId(id));
  const open: Record<string, boolean> = {};
  for (const id of routed) open[id] = false;
  let timers = 0;

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- Journey ${comment(journey.id.value)}, generated by journeyctl from ${comment(source)}. Do not edit; regenerate with journey compile, target scxml. -->`,
    `<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="ecmascript" initial="${xmlAttr(targetOf(table.start))}">`,
    '  <datamodel>',
    `    <data id="${SCXML_CONTEXT}" expr="${xmlAttr(jsValue(table.defaults))}"/>`,
    `    <data id="${SCXML_COUNTS}" expr="${xmlAttr('{"noMatch": 0, "noInput": 0}')}"/>`,
    `    <data id="${SCXML_OPEN}" expr="${xmlAttr(jsValue(open))}"/>`,
    '  </datamodel>',
    `  <script>${xmlText(SCXML_PRELUDE)}</script>`,
  ];
  const assignCtx = (set: readonly Assignment[], data: string, pad: string): void => {
    if (set.length === 0) return;
    const pairs = set.map((a) => `[${jsString(a.field.value)}, ${scxmlExpr(astOf(a.value), data)}]`).join(', ');
    out.push(`${pad}<assign location="${SCXML_CONTEXT}" expr="${xmlAttr(`journeyLib.assign(${SCXML_CONTEXT}, [${pairs}])`)}"/>`);
  };
  const effects = (names: readonly { value: string }[], pad: string): void => {
    for (const e of names) out.push(`${pad}<log label="journey.do" expr="${xmlAttr(jsString(e.value))}"/>`);
  };
  const say = (text: string | undefined, pad: string): void => {
    if (text !== undefined) out.push(`${pad}<log label="journey.say" expr="${xmlAttr(jsString(text))}"/>`);
  };
  const count = (which: 'noMatch' | 'noInput', pad: string): void => {
    out.push(`${pad}<assign location="${SCXML_COUNTS}" expr="${xmlAttr(`journeyLib.count(${SCXML_COUNTS}, ${jsString(which)})`)}"/>`);
  };
  const transition = (attrs: Record<string, string | undefined>, body: () => void, pad: string): void => {
    const text = Object.entries(attrs)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
      .join('');
    const start = out.length;
    out.push(`${pad}<transition${text}>`);
    body();
    if (out.length === start + 1) out[start] = `${pad}<transition${text}/>`;
    else out.push(`${pad}</transition>`);
  };
  const choice = (event: string | undefined, c: Choice, data: string, pad: string, cond?: string): void => {
    transition(
      { event, cond: cond ?? (c.guard ? `journeyLib.holds(${scxmlExpr(astOf(c.guard), data)})` : undefined), target: targetOf(c.to) },
      () => {
        assignCtx(c.set, data, `${pad}  `);
        effects(c.effects, `${pad}  `);
        say(c.say, `${pad}  `);
      },
      pad,
    );
  };
  const rung = (event: string, signal: 'no_match' | 'no_input', r: ResolvedRung, last: boolean, pad: string): void => {
    const counter = signal === 'no_match' ? 'noMatch' : 'noInput';
    const cond = `${SCXML_COUNTS}.${counter} ${last ? '>=' : '==='} ${r.index}`;
    if (r.leave) return choice(event, r.leave, EVENT_DATA, pad, cond);
    transition(
      { event, cond },
      () => {
        assignCtx(r.set, EVENT_DATA, `${pad}  `);
        effects(r.effects, `${pad}  `);
        say(r.say, `${pad}  `);
        count(counter, `${pad}  `);
      },
      pad,
    );
  };

  for (const s of table.states.values()) {
    const id = scxmlStateId(s.id);
    const state = s.state;
    const element = s.finish ? 'final' : 'state';
    out.push(`  <${element} id="${xmlAttr(id)}">`);
    out.push('    <onentry>');
    out.push(`      <assign location="${SCXML_COUNTS}" expr="${xmlAttr('{"noMatch": 0, "noInput": 0}')}"/>`);
    const myTimers = s.finish ? [] : s.timeouts.map((t) => ({ t, name: `${SCXML_TIMEOUT_PREFIX}${timers++}` }));
    for (const { t, name } of myTimers) out.push(`      <send event="${xmlAttr(name)}" id="${xmlAttr(name)}" delay="${t.ms}ms"/>`);
    if (s.handoff) {
      const handoff = `({"state": ${jsString(s.id)}, "queue": ${jsString(s.handoff.queue)}, "skills": ${jsValue(s.handoff.skills)}, "carried": journeyLib.carry(${SCXML_CONTEXT}, ${jsValue(s.handoff.carry)})})`;
      out.push(`      <log label="journey.handoff" expr="${xmlAttr(handoff)}"/>`);
    }
    effects(state.effects, '      ');
    say(state.say?.value, '      ');
    out.push('    </onentry>');
    if (myTimers.length > 0) {
      out.push('    <onexit>');
      for (const { name } of myTimers) out.push(`      <cancel sendid="${xmlAttr(name)}"/>`);
      out.push('    </onexit>');
    }
    if (s.finish) {
      const output =
        s.finish.kind === 'end'
          ? { outcome: s.finish.outcome, journey: journey.id.value, ...(s.finish.humanLater ? { human: 'later' } : {}) }
          : { journey: journey.id.value, outcome: 'handed_off', state: s.id, queue: s.finish.queue };
      out.push(`    <donedata><content expr="${xmlAttr(jsValue(output))}"/></donedata>`);
      out.push('  </final>');
      continue;
    }
    for (const [event, handler] of s.on) {
      if (handler.kind === 'choices') for (const c of handler.choices) choice(event, c, EVENT_DATA, '    ');
      else if (handler.kind === 'count-no-match') {
        transition({ event, cond: `${SCXML_COUNTS}.noMatch + 1 >= ${handler.limit}`, target: targetOf(handler.escalate.to) }, () => undefined, '    ');
        transition({ event }, () => count('noMatch', '      '), '    ');
      } else handler.rungs.forEach((r, i) => rung(event, handler.signal, r, i === handler.rungs.length - 1, '    '));
    }
    if (s.always) for (const c of s.always) choice(undefined, c, LAST_EVENT_DATA, '    ');
    for (const { t, name } of myTimers) for (const c of t.choices) choice(name, c, NO_DATA, '    ');
    transition({ event: SCXML_HOURS_EVENT }, () => out.push(`      <assign location="${SCXML_OPEN}" expr="${xmlAttr(`journeyLib.hours(${SCXML_OPEN}, _event.data)`)}"/>`), '    ');
    out.push('  </state>');
  }
  for (const id of routed) {
    const s = table.states.get(id) as StateBehaviour;
    const closed = s.closed as { to: string };
    out.push(`  <state id="${xmlAttr(scxmlRouteId(id))}">`);
    out.push(`    <!-- Routes to ${comment(id)} when it is open (hours: ${comment((s.state as HumanState).hoursText.value)}), otherwise to ${comment(closed.to)}. -->`);
    out.push(`    <transition cond="${xmlAttr(`journeyLib.open(${SCXML_OPEN}, ${jsString(id)})`)}" target="${xmlAttr(scxmlStateId(id))}"/>`);
    out.push(`    <transition target="${xmlAttr(targetOf(closed.to))}"/>`);
    out.push('  </state>');
  }
  out.push('</scxml>', '');
  return out.join('\n');
}

function astOf(expression: Expression): Expr {
  // A lint-clean journey has only parsed expressions; emitting anything else would guess.
  if (!expression.parsed.expr) throw new UnsafeNameError(`expression ${JSON.stringify(expression.source)} does not parse`);
  return expression.parsed.expr;
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function comment(text: string): string {
  // A comment may not hold `--` nor end in `-`; controls are made visible.
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[-<>&\u2028\u2029]/g, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}
