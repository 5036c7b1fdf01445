// The types of an exhaustive exploration (what the summary, the CLI and the rules read) and the
// helpers that read one; the explorer (explore.ts) and its reference (explore-reference.ts) build it.
import type { FieldValue } from '../behaviour/table.js';
import type { Expression, Journey } from '../model/types.js';
import type { Configuration, ContextValue } from './interpreter.js';

/** Bounds of an exhaustive exploration. */
export interface ExploreOptions {
  /** Most distinct configurations explored (default 100,000). */
  readonly maxConfigs?: number;
  /** Most inputs (customer events, signals, timeouts) on any path from the start (default 30). */
  readonly maxTurns?: number;
  /** Clock time (epoch ms) the exploration runs at; hours are judged then. Without it every human state counts as open. */
  readonly at?: number;
  /** Most unknown guard outcomes branched on in one step (a bound on the fan-out; default 12). */
  readonly maxDecisions?: number;
  /** Context at the start over the defaults. Fields without a default or input are unknown (any value). */
  readonly input?: Readonly<Record<string, ContextValue>>;
}

/** An input the explorer can send: an event (with unknown data) or "time passes" (the next timeout). */
export type Input = { readonly kind: 'event'; readonly event: string } | { readonly kind: 'timeout'; readonly delay: number };

/** One explored configuration and how it was first reached. */
export interface Node {
  readonly id: number;
  readonly configuration: Configuration;
  /** Inputs from the start (shortest, in inputs). */
  readonly depth: number;
  readonly parent?: number;
  readonly via?: Input;
  /** True when the configuration is in a human state, or a handoff happened on the way in. */
  readonly human: boolean;
  /** True once its successors were computed (false for the frontier left by a bound). */
  expanded: boolean;
}

/** An edge of the configuration graph. */
export interface ConfigEdge {
  readonly from: number;
  readonly to: number;
  readonly input: Input;
  /** True for inputs the customer chooses: ordinary events and `offramp.on` events (not signals, not timeouts). */
  readonly choice: boolean;
}

/** Where the unknown value of a field came from. */
export type UnknownOrigin = 'host' | 'event-data';

/** A value the exploration did not know in advance and tried every way the journey tells apart. */
export interface Varied {
  /** `has_account` for a context field, `event.valid` for event data. */
  readonly name: string;
  /** The values tried (each stands for every value the journey treats alike). */
  readonly values: readonly FieldValue[];
  readonly origin: UnknownOrigin;
}

/** What an exhaustive exploration found. */
export interface Exploration {
  readonly journey: Journey;
  readonly nodes: readonly Node[];
  readonly edges: readonly ConfigEdge[];
  /** Which bound stopped the exploration, if any. */
  readonly bound?: 'max-configs' | 'max-turns';
  /** Context fields that held a value nobody knows somewhere (no decision tells its values apart), and where it came from. */
  readonly unknownFields: readonly { readonly field: string; readonly origin: UnknownOrigin }[];
  /** Unknown values a decision read, tried for every value the journey distinguishes. */
  readonly varied: readonly Varied[];
  /** Guards on unknown values no candidate list could settle (e.g. two unknowns compared): taken both ways. */
  readonly decidedBothWays: readonly string[];
  /** Every guard evaluated, and how often it was true, false or unknown. */
  readonly guards: ReadonlyMap<Expression, { true: number; false: number; unknown: number }>;
  readonly options: Required<Pick<ExploreOptions, 'maxConfigs' | 'maxTurns'>> & ExploreOptions;
}

/** What an exploration gathered as it went, before it is put in the one order every report reads. */
export interface Gathered {
  readonly journey: Journey;
  readonly nodes: readonly Node[];
  readonly edges: readonly ConfigEdge[];
  readonly bound: Exploration['bound'];
  readonly seenUnknown: ReadonlyMap<string, UnknownOrigin>;
  readonly varied: ReadonlyMap<string, Varied>;
  readonly bothWays: ReadonlySet<string>;
  readonly guards: Exploration['guards'];
  readonly options: Exploration['options'];
}

/** The Exploration both explorers return: unknown fields, varied values and two-way guards sorted by name. */
export function finishExploration(g: Gathered): Exploration {
  return {
    journey: g.journey,
    nodes: g.nodes,
    edges: g.edges,
    ...(g.bound ? { bound: g.bound } : {}),
    unknownFields: [...g.seenUnknown].map(([field, origin]) => ({ field, origin })).sort((a, b) => (a.field < b.field ? -1 : 1)),
    varied: [...g.varied.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    decidedBothWays: [...g.bothWays].sort(),
    guards: g.guards,
    options: g.options,
  };
}

/**
 * Fields the host sets, whose every value the exploration tries: the fields marked
 * `input: true`; in a journey that marks none (as every format 1.0 journey), the fields
 * without a default, as before (docs/simulate.md).
 */
export function isHostField(journey: Journey, name: string): boolean {
  const field = journey.fields.get(name);
  if (!field) return false;
  const marked = [...journey.fields.values()].some((f) => f.input);
  return marked ? field.input : field.default === undefined;
}

/** True when a finished journey ended where a person calls back later, and the journey's priority lets that count as reaching one (never urgent). */
export function callsBack(journey: Journey, c: Configuration): boolean {
  return c.status === 'done' && c.output?.human === 'later' && journey.priority !== 'urgent';
}

/** Inputs along the path from the start to a node (the shortest, as BFS found it). */
export function traceTo(exploration: Exploration, id: number): Input[] {
  const inputs: Input[] = [];
  for (let node = exploration.nodes[id]; node && node.via; node = exploration.nodes[node.parent as number]) inputs.push(node.via);
  return inputs.reverse();
}

/** A trace for people: `block, failed, failed, (5m passes)`. */
export function formatTrace(inputs: readonly Input[]): string {
  if (inputs.length === 0) return 'this is where the journey starts';
  return inputs.map((i) => (i.kind === 'event' ? i.event : `(${formatDelay(i.delay)} passes)`)).join(', ');
}

function formatDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

