import { SCHEMA, type Diagnostic, type SchemaCode, type Span } from '../diagnostics/diagnostic.js';
import { parseJson } from '../import/json.js';
import type { FrictionState, Traffic } from '../sim/montecarlo.js';
import type { Diagram, DiagramEdge } from './diagram.js';

/** The simulated figures a heat diagram is drawn from: a Monte Carlo result, or the JSON `journey simulate --format json` saved. */
export interface HeatFigures {
  readonly journey: string;
  readonly runs: number;
  readonly seed: number;
  readonly traffic: Traffic;
  readonly frictionStates: readonly FrictionState[];
}

/** Traffic bands, lowest first: a band is reached at its share of customers (0 customers is band 0). */
export const TRAFFIC_BANDS: readonly { readonly from: number; readonly text: string }[] = [
  { from: 0, text: 'nobody' },
  { from: Number.MIN_VALUE, text: 'under 5%' },
  { from: 0.05, text: '5% to 20%' },
  { from: 0.2, text: '20% to 50%' },
  { from: 0.5, text: '50% or more' },
];

/** Friction bands: the share of the customers who entered a state and left the bot there (to a person, or gave up). */
export const FRICTION_BANDS: readonly { readonly from: number; readonly text: string }[] = [
  { from: 0, text: 'nobody left here' },
  { from: Number.MIN_VALUE, text: 'under 20% left here' },
  { from: 0.2, text: '20% or more left here' },
];

/** Fill of a bot, decision or call state per traffic band: a blue ramp, light to dark. */
export const HEAT_FILLS = ['#f8f9fa', '#dbe4ff', '#91a7ff', '#5c7cfa', '#364fc7'] as const;
/** Border of a state per friction band: grey, amber, crimson (not the red of a problem state). */
export const FRICTION_COLOURS = ['#495057', '#f08c00', '#c2255c'] as const;

/** How hot one state is. */
export interface StateHeat {
  /** Customers who entered the state at least once. */
  readonly customers: number;
  /** `customers` over all simulated customers. */
  readonly share: number;
  /** Customers whose last state with the bot this was before a person took over. */
  readonly escalations: number;
  /** Customers whose last state with the bot this was before they gave up. */
  readonly abandonments: number;
  /** (escalations + abandonments) over `customers`: the share who left the bot here. */
  readonly friction: number;
  /** Index into TRAFFIC_BANDS. */
  readonly band: number;
  /** Index into FRICTION_BANDS. */
  readonly frictionBand: number;
}

/** How hot one move is. */
export interface EdgeHeat {
  readonly customers: number;
  readonly share: number;
  readonly band: number;
}

/** A diagram's heat: per state and per drawn move, with the run it comes from. */
export interface DiagramHeat {
  readonly runs: number;
  readonly seed: number;
  readonly states: ReadonlyMap<string, StateHeat>;
  /** Per move of the diagram (the same object as in `diagram.edges`). */
  readonly edges: ReadonlyMap<DiagramEdge, EdgeHeat>;
  /** Per call box: customers who entered the called journey (the call's `starts` move). */
  readonly calls: ReadonlyMap<string, EdgeHeat>;
  /** The legend's first line when the figures are not a simulation's (the heat of logged conversations). */
  readonly title?: string;
}

/**
 * Heat of a diagram from simulated figures: customers per state and per move, and the
 * friction of each state (the simulate report's friction states: the last state with the
 * bot before a person took over or the customer gave up). A called journey's end that
 * returns is drawn leaving the call's box, so that move sums the ends' moves to its target.
 */
export function heatOf(d: Diagram, figures: HeatFigures): DiagramHeat {
  const runs = figures.runs;
  const share = (n: number): number => (runs > 0 ? n / runs : 0);
  const friction = new Map(figures.frictionStates.map((f) => [f.state, f]));
  const states = new Map<string, StateHeat>();
  for (const n of d.nodes) {
    const customers = figures.traffic.states[n.id] ?? 0;
    const f = friction.get(n.id);
    const left = (f?.escalations ?? 0) + (f?.abandonments ?? 0);
    const rate = customers > 0 ? left / customers : 0;
    states.set(n.id, { customers, share: share(customers), escalations: f?.escalations ?? 0, abandonments: f?.abandonments ?? 0, friction: rate, band: bandOf(TRAFFIC_BANDS, share(customers)), frictionBand: bandOf(FRICTION_BANDS, rate) });
  }
  const moves = new Map<string, number>();
  for (const m of figures.traffic.moves) moves.set(moveKey(m.from, m.to), m.customers);
  const returning = new Set(d.nodes.filter((n) => n.returns).map((n) => n.id));
  const edgeHeat = (customers: number): EdgeHeat => ({ customers, share: share(customers), band: bandOf(TRAFFIC_BANDS, share(customers)) });
  const edges = new Map<DiagramEdge, EdgeHeat>();
  for (const e of d.edges) {
    let customers = moves.get(moveKey(e.from, e.to)) ?? 0;
    if (e.kind === 'return') {
      customers = 0;
      for (const m of figures.traffic.moves) if (m.to === e.to && returning.has(m.from) && m.from.startsWith(`${e.from}$`)) customers += m.customers;
    }
    edges.set(e, edgeHeat(customers));
  }
  const calls = new Map(d.calls.map((c) => [c.id, edgeHeat(moves.get(moveKey(c.id, c.start)) ?? 0)]));
  return { runs, seed: figures.seed, states, edges, calls };
}

/** `4,200 (42.0%)`: the count first, so the figure never depends on colour. */
export function customersText(customers: number, share: number): string {
  return `${customers.toLocaleString('en-US')} (${(share * 100).toFixed(1)}%)`;
}

/** `⚑ 25 → person, 5 gave up` (short: it is a line of a state's label), or undefined when nobody left the bot in this state. */
export function frictionText(h: StateHeat): string | undefined {
  if (h.escalations + h.abandonments === 0) return undefined;
  return `⚑ ${h.escalations.toLocaleString('en-US')} → person, ${h.abandonments.toLocaleString('en-US')} gave up`;
}

/** The legend's first line: what the figures are. */
export function heatTitle(heat: DiagramHeat): string {
  return heat.title ?? `Heat: ${heat.runs.toLocaleString('en-US')} simulated customers, seed ${heat.seed}`;
}

function bandOf(bands: readonly { readonly from: number }[], value: number): number {
  let band = 0;
  bands.forEach((b, i) => {
    if (value >= b.from) band = i;
  });
  return band;
}

function moveKey(from: string, to: string): string {
  return `${from}\n${to}`;
}

/** What reading saved results gives: the figures, or findings with positions in the file. */
export interface SavedHeat {
  readonly figures?: HeatFigures;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads the JSON `journey simulate --format json` wrote (`--heat-from`): the fields the heat
 * needs are checked (`journey`, `runs`, `seed`, `traffic`, `frictionStates`), each problem
 * a finding at the value (or the key that is missing); `journey`, when given, must be the
 * journey drawn. Other fields are not read.
 */
export function readSavedHeat(text: string, journey?: string): SavedHeat {
  const parsed = parseJson(text);
  if (parsed.failed) return { diagnostics: parsed.diagnostics };
  const map = parsed.sourceMap;
  const diagnostics: Diagnostic[] = [];
  const problem = (code: SchemaCode, message: string, at: Span): void => {
    diagnostics.push({ ruleId: SCHEMA, code, severity: 'error', fatal: true, message, span: at, hint: 'Save the results with `journey simulate FILE --format json > results.json`.' });
  };
  const root = parsed.data;
  if (!isObject(root)) {
    problem('not-a-mapping', 'Expected the JSON object `journey simulate --format json` writes.', map.rootSpan);
    return { diagnostics };
  }
  const field = (parent: Record<string, unknown>, key: string, what: string, ok: (v: unknown) => boolean): boolean => {
    if (!Object.hasOwn(parent, key)) {
      problem('required', `Missing \`${key}\` (${what}).`, map.container(parent)?.span ?? map.rootSpan);
      return false;
    }
    if (!ok(parent[key])) {
      problem('type', `\`${key}\` must be ${what}.`, map.valueSpan(parent, key));
      return false;
    }
    return true;
  };
  field(root, 'journey', 'a journey id', (v) => typeof v === 'string');
  field(root, 'runs', 'a whole number of customers, at least 1', (v) => isCount(v) && (v as number) >= 1);
  field(root, 'seed', 'a whole number', isCount);
  if (field(root, 'traffic', 'an object with `states` and `moves` (results of journeyctl 0.1 or later)', isObject)) {
    const traffic = root.traffic as Record<string, unknown>;
    if (field(traffic, 'states', 'an object of state ids to customer counts', isObject)) {
      const states = traffic.states as Record<string, unknown>;
      for (const key of Object.keys(states)) if (!isCount(states[key])) problem('type', `Customers of \`${key}\` must be a whole number.`, map.valueSpan(states, key));
    }
    if (field(traffic, 'moves', 'a list of { from, to, customers }', Array.isArray)) {
      (traffic.moves as unknown[]).forEach((m, i) => {
        if (!isObject(m) || typeof m.from !== 'string' || typeof m.to !== 'string' || !isCount(m.customers)) problem('type', `Move ${i + 1} must be { "from": state, "to": state, "customers": whole number }.`, map.valueSpan(traffic.moves, i));
      });
    }
  }
  if (field(root, 'frictionStates', 'a list of { state, escalations, abandonments }', Array.isArray)) {
    (root.frictionStates as unknown[]).forEach((f, i) => {
      if (!isObject(f) || typeof f.state !== 'string' || !isCount(f.escalations) || !isCount(f.abandonments)) problem('type', `Friction state ${i + 1} must be { "state": state, "escalations": whole number, "abandonments": whole number }.`, map.valueSpan(root.frictionStates, i));
    });
  }
  if (diagnostics.length === 0 && journey !== undefined && root.journey !== journey) {
    problem('value', `These results are for the journey \`${String(root.journey)}\`, not \`${journey}\`.`, map.valueSpan(root, 'journey'));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { figures: root as unknown as HeatFigures, diagnostics };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
