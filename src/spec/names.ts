/** Names of format v1 (normative; see docs/format.md). The other naming rules live in schemas/journey.schema.json. */

/** Journey ids: lowercase kebab-case (also what compile accepts as a file name). */
export const JOURNEY_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

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

/**
 * The event the host sends when a hand-off to a person failed (queue at capacity, no
 * agent, a transfer error). Only a human state with `when_unavailable` reacts to it; it is
 * not a reserved signal, so that a format 1.0 journey naming an event so keeps its meaning.
 */
export const UNAVAILABLE = 'unavailable';

/** The outcome key of a call state that stands for every outcome not named. */
export const DEFAULT_OUTCOME = 'default';

/** Separates a call state from the states and fields of the journey it calls, in the behaviour table and compiled machines (no journey name can hold it). */
export const CALL_SEPARATOR = '$';

/** True for `no_match`, `no_input` and `frustrated`. */
export function isReservedSignal(event: string): event is ReservedSignal {
  return event === NO_MATCH || event === NO_INPUT || event === FRUSTRATED;
}

/** Field names that would clash with expression syntax. */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set(['event', 'true', 'false', 'null', 'this']);

/** Keys each kind of state accepts (besides `x-` keys); used for messages and schema checks. */
export const STATE_KEYS = {
  bot: ['type', 'say', 'description', 'do', 'on', 'always', 'after'],
  human: ['type', 'say', 'description', 'do', 'queue', 'skills', 'carry', 'hours', 'when_closed', 'on'],
  end: ['type', 'say', 'description', 'do', 'outcome', 'feedback'],
} as const;

/** `lost-card` -> `LostCard`: a kebab-case id as a PascalCase identifier (SARIF rule names, emitted TypeScript types). */
export function pascalCase(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * Event names that mean "the customer asks for a person" when a journey uses them
 * (besides the journey-wide `offramp.on` events, which say so explicitly). Used to
 * tell asking for a person apart from the journey's other choices: the simulator
 * models asking as a trait of the customer, and `journey play`'s `h` key sends it.
 */
export const ASK_FOR_PERSON = /(^|[_.])(agent|person|human|operator|representative|advisor|adviser|staff|someone|somebody|live_?chat|call_?me|callback)([_.]|$)|^(agent|human|person)_requested$/;

/** True for an event name that asks for a person (`agent_requested`, `speak_to_person`, `talk_to_human`...). */
export function asksForPerson(event: string): boolean {
  return ASK_FOR_PERSON.test(event);
}
