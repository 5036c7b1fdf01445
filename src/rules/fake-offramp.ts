import { behaviourOf, leadsToPerson, onlyToPerson, type BehaviourTable, type StateBehaviour } from '../behaviour/table.js';
import type { Located } from '../model/types.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/** Options of `fake-offramp`. */
export interface FakeOfframpOptions {
  /** Phrases that promise a person, besides the defaults. */
  readonly phrases?: readonly string[];
  /** When true, `phrases` replaces the defaults. */
  readonly replace?: boolean;
}

/**
 * Words that promise the customer a person, matched case-insensitively at word
 * boundaries, any run of spaces between words. English, German, French, Spanish, Dutch.
 */
export const DEFAULT_PHRASES: readonly string[] = [
  // English
  'connect you to',
  'connect you with',
  'connecting you to',
  'connecting you with',
  'transfer you',
  'transferring you',
  'put you through',
  'putting you through',
  'hand you over',
  'handing you over',
  'pass you to',
  'passing you to',
  'an agent will',
  'a member of our team will',
  'someone will be with you',
  'speak to a person',
  'speak to a human',
  'speak to an agent',
  'speak to an advisor',
  'talk to a person',
  'talk to a human',
  'talk to an agent',
  'let me get you a human',
  "I'll get someone",
  'I will get someone',
  // German
  'verbinde Sie',
  'verbinde dich',
  'leite Sie weiter',
  'leite dich weiter',
  'stelle Sie durch',
  'ein Mitarbeiter wird',
  'eine Mitarbeiterin wird',
  // French
  'je vous transfère',
  'je vous mets en relation',
  'un conseiller va',
  'une conseillère va',
  'un agent va',
  // Spanish
  'le transfiero',
  'te transfiero',
  'le paso con',
  'te paso con',
  'le comunico con',
  'un agente le',
  'un asesor le',
  // Dutch
  'ik verbind u door',
  'ik verbind je door',
  'ik zet u door',
  'een medewerker zal',
];

/** Ends a sentence (a newline too: lists and literal blocks). */
const SENTENCE_END = /[.!?\u2026\u3002\uff1f\uff01\n]/u;
/** Right before the phrase, in its sentence: the bot says it cannot (English). */
const NEGATED = /\b(?:can['\u2019]?t|cannot|can not|couldn['\u2019]t|could not|won['\u2019]t|will not|unable to|not able to)(?:\s+[\p{L}'\u2019]+){0,3}\s*$/iu;
/** Before the phrase, in its sentence: words that offer a person rather than promise one now (English). */
const OFFERED = /\b(?:you can|you could|you may|you might|if you|would you|do you|whenever)\b/iu;
/** Right before the phrase: a phone menu's choice ("or 0 to speak to an agent", "press star to talk to a person"). */
const MENU_CHOICE = /(?:\b(?:press|dial|say|enter|key|option)\s+[\p{L}\p{N}*#]+|(?:^|\s)[\p{N}*#]+)\s+to\s+$/iu;
/** Anywhere in the sentence: the offer stands at any time (English). */
const ANY_TIME = /\bany ?time\b/iu;
/** Anywhere in the sentence: the person comes later, by a call back (English). */
const CALL_BACK = /\b(?:call(?:ing)? you back|call-?back|call back|ring you back|get back to you)\b/iu;

const compiled = new Map<string, RegExp | null>();
/**
 * Per phrase expression, a quick test that a text can match it at all: the longest word of
 * each phrase, as the expression spells it, with no lookarounds. Every match of a phrase holds
 * its longest word, so a text without any of them cannot match; most texts have none, and the
 * test costs a twentieth of the expression with its Unicode lookarounds.
 */
const prefilters = new WeakMap<RegExp, RegExp>();

/** A phrase's word as the expression spells it: special characters escaped, either apostrophe. */
const wordPattern = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/['\u2019]/g, "['\u2019]");

/** One regular expression for a list of phrases (cached per list): word boundaries, any spaces, either apostrophe. */
export function phraseExpression(phrases: readonly string[]): RegExp | null {
  const key = JSON.stringify(phrases);
  const known = compiled.get(key);
  if (known !== undefined) return known;
  const sorted = phrases
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
  // One pair of word-boundary lookarounds per run of phrases that need the same ones:
  // V8 builds the case closure of \p{L} for every lookaround, which cost more than the
  // rest of a one-file lint when each of ~50 phrases had its own. Runs keep the order.
  const parts: string[] = [];
  let run: { before: string; after: string; bodies: string[] } | undefined;
  for (const p of sorted) {
    const body = p.split(' ').map(wordPattern).join('\\s+');
    const before = /^[\p{L}\p{N}_]/u.test(p) ? '(?<![\\p{L}\\p{N}_])' : '';
    const after = /[\p{L}\p{N}_]$/u.test(p) ? '(?![\\p{L}\\p{N}_])' : '';
    if (run && run.before === before && run.after === after) run.bodies.push(body);
    else {
      if (run) parts.push(`${run.before}(?:${run.bodies.join('|')})${run.after}`);
      run = { before, after, bodies: [body] };
    }
  }
  if (run) parts.push(`${run.before}(?:${run.bodies.join('|')})${run.after}`);
  const expression = parts.length === 0 ? null : new RegExp(parts.join('|'), 'giu');
  if (expression) {
    const longest = sorted.map((p) => p.split(' ').reduce((a, b) => (b.length > a.length ? b : a)));
    // Same flags but g: the same case folding as the expression (`u` folds more than `i` alone).
    prefilters.set(expression, new RegExp([...new Set(longest)].map(wordPattern).join('|'), 'iu'));
  }
  compiled.set(key, expression);
  return expression;
}

/** How a phrase is used where it was found. */
export type PhraseUse = 'promise' | 'offer' | 'callback';

/** The first phrase of `text` that promises or offers a person, and how: negated uses ("I can't transfer you") are skipped. */
export function findPromise(text: string, expression: RegExp): { readonly phrase: string; readonly use: PhraseUse } | undefined {
  if (prefilters.get(expression)?.test(text) === false) return undefined;
  let offer: { phrase: string; use: PhraseUse } | undefined;
  for (const match of text.matchAll(expression)) {
    const at = match.index ?? 0;
    let start = at;
    while (start > 0 && !SENTENCE_END.test(text.charAt(start - 1))) start--;
    let end = at + match[0].length;
    while (end < text.length && !SENTENCE_END.test(text.charAt(end))) end++;
    const before = text.slice(start, at);
    const sentence = text.slice(start, end + 1);
    if (NEGATED.test(before)) continue;
    const question = text.charAt(end) === '?' || text.charAt(end) === '？' || before.trimStart().startsWith('¿');
    if (CALL_BACK.test(sentence)) return { phrase: match[0], use: 'callback' };
    if (question || OFFERED.test(before) || ANY_TIME.test(sentence) || /^\s*to\s+$/iu.test(before) || MENU_CHOICE.test(before)) {
      offer ??= { phrase: match[0], use: 'offer' };
      continue;
    }
    return { phrase: match[0], use: 'promise' };
  }
  return offer;
}

const rule: JourneyRule<FakeOfframpOptions> = {
  meta: {
    id: 'fake-offramp',
    description: 'A state that promises a person ("I\'ll connect you to an agent") is a human state or leads to one at once.',
    severity: 'error',
    docs: docsUrl('fake-offramp'),
    messages: {
      fakePromise: 'State `{{state}}` says "{{phrase}}", but no person takes over: {{instead}}.',
      fakeOffer: 'State `{{state}}` offers a person ("{{phrase}}"), but no answer the customer can give {{where}} leads only to a person.',
    },
    hints: {
      fakePromise:
        'Move the words into a human state, or go on at once to one (`always: <human state>`). If no person can take over, say what will happen instead (a call back, opening hours).',
      fakeOffer: 'Add an event that leads to a human state (`yes: agent`), or a journey-wide `offramp` with `on`; or stop offering a person.',
    },
    options: {
      type: 'object',
      properties: {
        phrases: { description: 'Phrases that promise a person, besides the defaults.', type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
        replace: { description: 'When true, `phrases` replaces the default phrases.', type: 'boolean' },
      },
      additionalProperties: false,
    },
    defaultOptions: { phrases: [], replace: false },
  },
  create(context) {
    const { journey, analysis, options } = context;
    const extra = options.phrases ?? [];
    const expression = phraseExpression(options.replace === true ? extra : [...DEFAULT_PHRASES, ...extra]);
    if (!expression) return;
    const graph = analysis.graph;
    const table = behaviourOf(journey);
    const keeps = promiseKeeper(table);
    const callbacks = reachesCallback(table);
    graph.states.forEach((state, i) => {
      // Only the journey's own states: a called journey's words are judged in its own file.
      if (graph.local[i] !== 1 || state.type === 'human') return;
      const id = graph.ids[i] as string;
      const row = table.states.get(id) as StateBehaviour;
      // What is said, and where the customer is once it is said: the state itself, or where a ladder rung sends them.
      const texts: { readonly say: Located<string>; readonly after: string }[] = [];
      if (state.say) texts.push({ say: state.say, after: id });
      if (state.type === 'bot') {
        for (const ladder of state.ladders) for (const rung of ladder.rungs) if (rung.say) texts.push({ say: rung.say, after: rung.to ? rung.to.value : id });
      }
      for (const { say, after } of texts) {
        const found = findPromise(say.value, expression);
        if (!found) continue;
        if (keeps(after)) continue;
        if (found.use === 'callback') {
          if (callbacks(after)) continue;
          context.report({ messageId: 'fakePromise', data: { state: id, phrase: found.phrase, instead: 'no end state with `human: later` (a call back) can be reached from here' }, span: say.span });
        } else if (found.use === 'offer') {
          const there = table.states.get(after);
          if (there && there.choices.some((e) => onlyToPerson(table, there, e))) continue;
          context.report({ messageId: 'fakeOffer', data: { state: id, phrase: found.phrase, where: after === id ? 'here' : `at \`${after}\`` }, span: say.span });
        } else {
          context.report({ messageId: 'fakePromise', data: { state: id, phrase: found.phrase, instead: instead(table, keeps, id, after, row) }, span: say.span });
        }
      }
    });
  },
};

/**
 * True when entering a state puts the customer with a person (`leadsToPerson` of the
 * table: a human state, or a decision or call whose every choice leads to one), or with
 * one who calls back (an end with `human: later`). In a sub-journey checked on its own,
 * an end returns to the callers, whose `outcomes` decide what follows: it is not judged.
 */
function promiseKeeper(table: BehaviourTable): (id: string) => boolean {
  const memo = new Map<string, boolean>();
  return (id) => leadsToPerson(table, id, memo, { callbacks: true, subJourneyEnds: true });
}

/** True when an end with `human: later` can be reached from a state by any move (one reverse search, on first use). */
function reachesCallback(table: BehaviourTable): (id: string) => boolean {
  let ok: Set<string> | undefined;
  return (id) => {
    if (!ok) {
      const incoming = new Map<string, string[]>();
      const found = new Set<string>();
      const queue: string[] = [];
      for (const [from, s] of table.states) {
        for (const to of successors(s)) {
          const list = incoming.get(to);
          if (list) list.push(from);
          else incoming.set(to, [from]);
        }
        if (s.finish?.kind === 'end' && s.finish.humanLater) {
          found.add(from);
          queue.push(from);
        }
      }
      for (let head = 0; head < queue.length; head++) {
        for (const from of incoming.get(queue[head] as string) ?? []) {
          if (found.has(from)) continue;
          found.add(from);
          queue.push(from);
        }
      }
      ok = found;
    }
    return ok.has(id);
  };
}

/** Every state a state can move to, by any input. */
function successors(s: StateBehaviour): string[] {
  const out: string[] = [];
  for (const handler of s.on.values()) {
    if (handler.kind === 'choices') for (const c of handler.choices) out.push(c.to);
    else if (handler.kind === 'count-no-match') out.push(handler.escalate.to);
    else for (const r of handler.rungs) if (r.leave) out.push(r.leave.to);
  }
  for (const c of s.always ?? []) out.push(c.to);
  for (const t of s.timeouts) for (const c of t.choices) out.push(c.to);
  if (s.closed) out.push(s.closed.to);
  return out;
}

/** Where the customer is instead of with a person, for the message: the first way on from `after` that does not lead to one. */
function instead(table: BehaviourTable, keeps: (id: string) => boolean, self: string, after: string, row: StateBehaviour): string {
  const seen = new Set<string>();
  let id = after;
  for (;;) {
    const s = table.states.get(id);
    const here = id === self;
    if (!s) return `it goes on to \`${id}\`, which is not a state`;
    const name = named(s);
    if (s.finish?.kind === 'end') return here ? `the journey ends here (outcome \`${s.finish.outcome}\`)` : `it goes on to ${name}, where the journey ends (outcome \`${s.finish.outcome}\`)`;
    if (!s.always || s.always.length === 0) {
      if (here) return row.state.type === 'call' ? 'the journey it calls is not known' : 'the state waits for the customer';
      return `it goes on to ${name}, which waits for the customer`;
    }
    seen.add(id);
    const next = s.always.find((c) => !keeps(c.to));
    if (!next || seen.has(next.to)) return here ? 'its choices go round without reaching a person' : `it goes on to ${name}, whose choices go round without reaching a person`;
    id = next.to;
  }
}

/** A state of the table as the message names it: its id, or `ask` of `identity-check` for a called journey's state. */
function named(s: StateBehaviour): string {
  return s.origin.calls.length === 0 ? `\`${s.id}\`` : `\`${s.origin.id}\` of \`${s.origin.journey.id.value}\``;
}

export default rule;
