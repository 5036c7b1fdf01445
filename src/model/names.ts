/** Naming rules of format v1 (normative; see docs/format.md). */

/** Journey ids: lowercase kebab-case. */
export const JOURNEY_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** State ids: lowercase, digits, underscores; no dots (XState uses dots for paths). */
export const STATE_ID = /^[a-z][a-z0-9_]*$/;
/** Event names; `xstate.` is XState's own namespace. */
export const EVENT_NAME = /^(?!xstate\.)[a-z][a-z0-9_.]*$/;
/** Side-effect names; `journey.` is reserved for built-in actions. */
export const EFFECT_NAME = /^(?!journey\.)[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Context field names. */
export const FIELD_NAME = /^[a-z][a-z0-9_]*$/;

/** Signals a bot raises about the conversation itself, not choices the customer makes. */
export const RESERVED_SIGNALS = ['no_match', 'no_input', 'frustrated'] as const;
/** One of the reserved signals. */
export type ReservedSignal = (typeof RESERVED_SIGNALS)[number];
/** The signal raised when the bot did not understand the customer. */
export const NO_MATCH = 'no_match';
/** The signal raised when the customer said nothing. */
export const NO_INPUT = 'no_input';
/** The signal raised when negative sentiment is detected. */
export const FRUSTRATED = 'frustrated';

/** True for `no_match`, `no_input` and `frustrated`. */
export function isReservedSignal(event: string): event is ReservedSignal {
  return event === NO_MATCH || event === NO_INPUT || event === FRUSTRATED;
}

/** Field names that would clash with expression syntax. */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set(['event', 'true', 'false', 'null', 'this']);

/** Keys free for teams' own metadata. */
export function isExtensionKey(key: string): boolean {
  return key.startsWith('x-');
}

/** Keys each kind of state accepts (besides `x-` keys); used for messages and schema checks. */
export const STATE_KEYS = {
  bot: ['type', 'say', 'description', 'do', 'on', 'always', 'after'],
  human: ['type', 'say', 'description', 'do', 'queue', 'skills', 'carry', 'hours', 'when_closed', 'on'],
  end: ['type', 'say', 'description', 'do', 'outcome', 'feedback'],
} as const;
