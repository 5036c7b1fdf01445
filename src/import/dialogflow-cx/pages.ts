import { hoursFor, sourceValue } from '../emit.js';
import { eventNameFor, fieldNameFor, snakeName } from '../names.js';
import type { JourneyDraft } from '../types.js';
import { ParameterTable } from './fields.js';
import { RETURNING_OUTCOMES, symbolicOf, type AgentImport, type Branch, FlowJourney, type Rung, type State } from './journey.js';
import { isObj, listOf, stringOf, type FlowSource, type Located, type Obj } from './read.js';

/** A page (or the flow's START page) with what is in scope on it. */
interface Holder {
  readonly located: Located;
  readonly id: string;
  /** The page's name as the bot spells it. */
  readonly name: string;
  /** Routes in precedence order: the page's own, its route groups', then the flow's intent routes. */
  readonly routes: readonly Located[];
  /** Event handlers in scope order: the page's, then the flow's. */
  readonly handlers: readonly Located[];
}

/** Handler events that are the journey's retry ladders. */
const LADDER = /^sys\.(no-match|no-input)-(default|[1-6])$/;

function objectsOf(tree: AgentImport['tree'], holder: Located, key: string): Located[] {
  const list = holder.value[key];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    tree.problem(holder.file, 'bad-shape', `\`${key}\` should be a list; it is left out.`, { value: list, parent: holder.value, key });
    return [];
  }
  const out: Located[] = [];
  list.forEach((v, i) => {
    if (isObj(v)) out.push({ file: holder.file, value: v });
    else tree.problem(holder.file, 'bad-shape', `Entry ${i + 1} of \`${key}\` should be an object; it is left out.`, { value: v, parent: list, key: i });
  });
  return out;
}

/** True when a route leaves the page (its own target, or a handoff). */
function leaves(route: Obj): boolean {
  const page = stringOf(route, 'targetPage');
  if (page !== undefined) return !['CURRENT_PAGE', 'PREVIOUS_PAGE'].includes(symbolicOf(page) ?? '');
  if (route.targetFlow !== undefined || route.targetPlaybook !== undefined) return true;
  const f = isObj(route.triggerFulfillment) ? route.triggerFulfillment : undefined;
  return listOf(f, 'messages').some((m) => isObj(m) && (isObj(m.liveAgentHandoff) || isObj(m.telephonyTransferCall)));
}

/** True when a condition always holds where the journey reads it. */
function unconditional(condition: string | undefined): boolean {
  if (condition === undefined) return false;
  const t = condition.trim();
  return t === 'true' || /^\$page\.params\.status\s*=\s*"?FINAL"?$/i.test(t);
}

/** The retry ladder for `kind` from handlers in scope order: the Nth handler where one exists, else the default. */
function ladder(journey: FlowJourney, kind: 'no-match' | 'no-input', scopes: readonly Located[], state: string, returnTo: string): Rung[] | undefined {
  const specific = new Map<number, Located>();
  let fallback: Located | undefined;
  for (const h of scopes) {
    const m = LADDER.exec(stringOf(h.value, 'event') ?? '');
    if (!m || m[1] !== kind) continue;
    if (m[2] === 'default') fallback ??= h;
    else if (!specific.has(Number(m[2]))) specific.set(Number(m[2]), h);
  }
  if (specific.size === 0 && !fallback) return undefined;
  const top = Math.max(0, ...specific.keys());
  const rungs: Rung[] = [];
  for (let n = 1; n <= top; n++) {
    const h = specific.get(n) ?? fallback;
    rungs.push(h ? journey.rung(h, state, returnTo) : { description: `Dialogflow has no handler for the ${n}th ${kind} here: the customer stays.` });
  }
  const leaving = rungs.findIndex((r) => r.to !== undefined);
  // Leaving the state starts the count again on return: rungs after one that leaves never apply.
  if (leaving >= 0) return rungs.slice(0, leaving + 1);
  if (fallback) rungs.push(journey.rung(fallback, state, returnTo));
  else rungs.push({ description: `Past sys.${kind}-${top} Dialogflow has no handler here: the customer stays.` });
  // Rungs that repeat the one after them say nothing new: the last rung repeats anyway.
  while (rungs.length > 1 && JSON.stringify(rungs[rungs.length - 1]) === JSON.stringify(rungs[rungs.length - 2])) rungs.pop();
  return rungs.length > 20 ? rungs.slice(0, 20) : rungs;
}

/** Losses for handlers the journey has no signal for; custom events become transitions. */
function otherHandlers(journey: FlowJourney, handlers: readonly Located[], state: string): Located[] {
  const custom: Located[] = [];
  for (const h of handlers) {
    const event = stringOf(h.value, 'event') ?? '';
    if (LADDER.test(event)) continue;
    if (event === 'webhook.error' || event.startsWith('webhook.error.')) {
      journey.lose('webhook-error', state, `When a webhook fails (\`${event}\`) the bot has its own handling here; the journey assumes webhooks answer.`, h, event);
    } else if (event === 'sys.invalid-parameter') {
      journey.lose('invalid-parameter', state, 'A webhook can reject a form value here (sys.invalid-parameter) and the bot asks again; the journey accepts every value.', h, event);
    } else if (event.startsWith('sys.') || event.startsWith('flow.') || event === '') {
      journey.lose('event-handler', state, `The bot handles the event \`${event || '(none)'}\` here; the journey has no such signal, so it is left out.`, h, event || 'event');
    } else custom.push(h);
  }
  return custom;
}

/** Builds the states of one page. */
function buildHolder(journey: FlowJourney, importer: AgentImport, h: Holder): void {
  const { located, id, name } = h;
  const page = located.value;
  const entry = journey.fulfillment(page.entryFulfillment, id, located, name);
  if (entry.handoff) {
    const kind = entry.handoff.kind;
    journey.add(id, {
      type: 'human',
      description: kind === 'liveAgentHandoff' ? 'Dialogflow signals liveAgentHandoff on entering this page: the integration passes the customer to a person.' : 'Dialogflow transfers the call (telephonyTransferCall) on entering this page.',
      ...(entry.say ? { say: entry.say } : {}),
      ...(entry.do.length > 0 ? { do: entry.do } : {}),
      queue: entry.handoff.queue,
      hours: hoursFor(importer.options),
      'x-source': sourceValue(journey.point(located, name)),
    });
    if (listOf(page, 'transitionRoutes').length > 0) {
      journey.lose('after-handoff', id, 'The page has routes after its handoff; the journey ends with the handoff, as the person has the conversation then.', located, name);
    }
    return;
  }
  const params = objectsOf(importer.tree, { file: located.file, value: isObj(page.form) ? page.form : {} }, 'parameters').filter((p) => p.value.required === true && stringOf(p.value, 'displayName'));
  const intentRoutes: Located[] = [];
  const conditionRoutes: Located[] = [];
  const seen = new Set<object>();
  for (const r of h.routes) {
    // A route group listed by both the page and its flow is one set of routes.
    if (seen.has(r.value)) continue;
    seen.add(r.value);
    if (stringOf(r.value, 'intent') !== undefined) intentRoutes.push(r);
    else if (stringOf(r.value, 'condition') !== undefined) conditionRoutes.push(r);
    else importer.tree.problem(r.file, 'bad-shape', 'This route has neither an `intent` nor a `condition`, so Dialogflow never takes it; it is left out.', { value: r.value }, { severity: 'warning' });
  }
  const custom = otherHandlers(journey, h.handlers, id);
  const listening = intentRoutes.length > 0 || custom.length > 0;
  const entrySets = Object.keys(entry.set).length > 0;
  const lastCondition = conditionRoutes[conditionRoutes.length - 1];
  const endsUnconditional = lastCondition !== undefined && unconditional(stringOf(lastCondition.value, 'condition'));
  const needWait = conditionRoutes.length === 0 || (listening && !endsUnconditional) || conditionRoutes.some((r) => !leaves(r.value));

  // Stage ids: the first stage is the page's own id, so routes into the page land there.
  type Stage = { kind: 'entry' | 'param' | 'check' | 'wait'; id: string; param?: Located };
  const stages: Stage[] = [];
  const next = (kind: Stage['kind'], suffix: string, param?: Located): void => {
    const stageId = stages.length === 0 ? id : journey.names.name(`${kind}:${id}:${suffix}`, `${id}_${suffix}`.slice(0, 90));
    stages.push({ kind, id: stageId, ...(param ? { param } : {}) });
  };
  if (entrySets) next('entry', 'entry');
  for (const p of params) next('param', snakeName(stringOf(p.value, 'displayName') as string, 'p'), p);
  if (conditionRoutes.length > 0) next('check', 'check');
  if (needWait) next('wait', 'wait');
  const check = stages.find((s) => s.kind === 'check');
  const wait = stages.find((s) => s.kind === 'wait');
  const settle = (check ?? wait ?? stages[stages.length - 1]) as Stage;
  const point = sourceValue(journey.point(located, name));
  const firstSay = entrySets ? undefined : entry.say;
  const firstDo = entrySets ? [] : entry.do;

  const listenOn = (state: string, stay: string, formComplete: boolean): Record<string, Branch[]> => {
    const on: Record<string, Branch[]> = {};
    for (const r of intentRoutes) {
      const intent = stringOf(r.value, 'intent') as string;
      importer.checkIntent(r, intent);
      const event = importer.eventOf(intent);
      const b = journey.branch(r, state, stay, settle.id, formComplete, event);
      if (!b) continue;
      (on[event] ??= []).push(b);
      journey.intentBranches.push({ branch: b, intent });
    }
    for (const c of custom) {
      const event = eventNameFor(stringOf(c.value, 'event') as string);
      const b = journey.branch(c, state, stay, settle.id, formComplete, event);
      if (b) (on[event] ??= []).push(b);
    }
    return on;
  };
  const withLadders = (state: State, stateId: string, scopes: readonly Located[]): void => {
    const noMatch = ladder(journey, 'no-match', scopes, stateId, settle.id);
    const noInput = ladder(journey, 'no-input', scopes, stateId, settle.id);
    if (noMatch) state.no_match = noMatch;
    if (noInput) state.no_input = noInput;
  };

  stages.forEach((stage, index) => {
    const first = index === 0;
    const following = stages[index + 1];
    const state: State = {};
    if (stage.kind === 'entry') {
      if (entry.say) state.say = entry.say;
      if (entry.do.length > 0) state.do = entry.do;
      state.always = [{ to: (following as Stage).id, set: entry.set }];
      state['x-source'] = point;
    } else if (stage.kind === 'param') {
      const p = stage.param as Located;
      const paramName = stringOf(p.value, 'displayName') as string;
      const fill = isObj(p.value.fillBehavior) ? p.value.fillBehavior : {};
      const prompt = journey.fulfillment(fill.initialPromptFulfillment, stage.id, p, paramName);
      const says = [first ? firstSay : undefined, prompt.say].filter((s): s is string => s !== undefined);
      if (says.length > 0) state.say = says.join(' ');
      const effects = [...(first ? firstDo : []), ...prompt.do];
      if (effects.length > 0) state.do = effects;
      const field = journey.useField({ scope: 'session', name: paramName });
      journey.sessionWrites.add(field.name);
      const on: Record<string, Branch[]> = { [`give_${field.name}`.slice(0, 100)]: [{ to: (following ?? stage).id, set: { [field.name]: `event.${fieldNameFor(paramName)}` } }] };
      Object.assign(on, listenOn(stage.id, stage.id, false));
      state.on = on;
      const advanced = isObj(p.value.advancedSettings) && isObj(p.value.advancedSettings.dtmfSettings) ? p.value.advancedSettings.dtmfSettings : undefined;
      if (advanced?.enabled === true) journey.lose('dtmf', stage.id, `The bot takes \`${paramName}\` by keypad (DTMF) too, with its own timing and finish digit; the journey sees only the event.`, p, paramName);
      withLadders(state, stage.id, [...objectsOf(importer.tree, { file: p.file, value: fill }, 'repromptEventHandlers'), ...h.handlers]);
      state['x-source'] = sourceValue(journey.point(p, paramName));
    } else if (stage.kind === 'check') {
      if (first && firstSay) state.say = firstSay;
      if (first && firstDo.length > 0) state.do = firstDo;
      const always: Branch[] = [];
      for (const r of conditionRoutes) {
        const b = journey.branch(r, stage.id, wait?.id ?? stage.id, stage.id, true, 'then');
        if (b) always.push(b);
      }
      if (wait && !endsUnconditional) always.push({ to: wait.id });
      if (always.length > 0) state.always = always;
      // Only a decision that can wait (no choice holds, nowhere to listen) hears retries.
      if (!wait && !endsUnconditional) withLadders(state, stage.id, h.handlers);
      state['x-source'] = point;
    } else {
      if (first && firstSay) state.say = firstSay;
      if (first && firstDo.length > 0) state.do = firstDo;
      const on = listenOn(stage.id, check?.id ?? stage.id, true);
      if (Object.keys(on).length > 0) state.on = on;
      withLadders(state, stage.id, h.handlers);
      state['x-source'] = point;
    }
    journey.add(stage.id, state);
  });
}

function compactBranch(b: Branch): unknown {
  if (b.if === undefined && b.set === undefined && b.do === undefined) return b.to;
  return { ...(b.if !== undefined ? { if: b.if } : {}), to: b.to, ...(b.set && Object.keys(b.set).length > 0 ? { set: b.set } : {}), ...(b.do ? { do: b.do } : {}) };
}

/** The short forms a designer writes: `event: target`, one choice without a list. */
function compact(state: State): State {
  const out: State = {};
  for (const [key, value] of Object.entries(state)) {
    if (key === 'on') {
      const on: Record<string, unknown> = {};
      for (const [event, branches] of Object.entries(value as Record<string, Branch[]>)) on[event] = branches.length === 1 ? compactBranch(branches[0] as Branch) : branches.map(compactBranch);
      out.on = on;
    } else if (key === 'always') {
      const branches = value as Branch[];
      out.always = branches.length === 1 ? compactBranch(branches[0] as Branch) : branches.map(compactBranch);
    } else out[key] = value;
  }
  return out;
}

/** The routes of a holder and of its route groups, each remembered with where it is written. */
function routesOf(journey: FlowJourney, importer: AgentImport, holder: Located, home: string): Located[] {
  const own = objectsOf(importer.tree, holder, 'transitionRoutes');
  const grouped = journey.groups(holder).flatMap((g) => {
    const routes = objectsOf(importer.tree, g, 'transitionRoutes');
    for (const r of routes) if (!journey.routeHome.has(r.value)) journey.routeHome.set(r.value, snakeName(g.displayName, 'group'));
    return routes;
  });
  for (const r of own) if (!journey.routeHome.has(r.value)) journey.routeHome.set(r.value, home);
  return [...own, ...grouped];
}

function buildFlow(journey: FlowJourney, importer: AgentImport): void {
  const flow = journey.flow;
  const own: Located = { file: flow.file, value: flow.value };
  const flowRoutes = routesOf(journey, importer, own, 'start');
  journey.planOfframp(flowRoutes);
  const inScope = flowRoutes.filter((r) => !journey.coveredByOfframp(r.value));
  const flowHandlers = objectsOf(importer.tree, own, 'eventHandlers');
  buildHolder(journey, importer, { located: own, id: 'start', name: 'Start Page', routes: inScope, handlers: flowHandlers });
  // Flow intent routes are in scope on every page; the flow's condition routes only on its START page.
  const inherited = inScope.filter((r) => stringOf(r.value, 'intent') !== undefined);
  for (const page of flow.pages) {
    const located: Located = { file: page.file, value: page.value };
    const id = journey.pageId(page.displayName) as string;
    const routes = [...routesOf(journey, importer, located, id), ...inherited];
    buildHolder(journey, importer, { located, id, name: page.displayName, routes, handlers: [...objectsOf(importer.tree, located, 'eventHandlers'), ...flowHandlers] });
  }
}

/** One journey per flow of the agent, calls between them resolved. */
export function buildJourneys(importer: AgentImport): JourneyDraft[] {
  const { agent } = importer;
  const journeys = agent.flows.map((flow) => new FlowJourney(importer, flow, importer.journeyIdOf(flow)));
  const byFlow = new Map<FlowSource, FlowJourney>();
  for (const j of journeys) {
    byFlow.set(j.flow, j);
    buildFlow(j, importer);
  }
  // Dialogflow copies an intent's parameters into the session when the intent matches.
  for (const j of journeys) {
    for (const { branch, intent } of j.intentBranches) {
      for (const p of ParameterTable.intentParameters(agent, intent)) {
        const field = importer.parameters.field(j.flow, { scope: 'session', name: p }).name;
        if (!j.fields.has(field)) continue;
        branch.set ??= {};
        if (!(field in branch.set)) branch.set[field] = `event.${fieldNameFor(p)}`;
        j.sessionWrites.add(field);
      }
    }
  }
  const called = new Set<FlowSource>();
  for (const j of journeys) {
    for (const { state, callee, returnTo } of j.calls) {
      called.add(callee);
      const cj = byFlow.get(callee) as FlowJourney;
      const outcomes: Record<string, string> = {};
      for (const o of RETURNING_OUTCOMES) if (cj.hasOutcome(o)) outcomes[o] = returnTo;
      // Session parameters are shared by every flow: what both journeys use passes in, what the callee writes comes back.
      const input: Record<string, string> = {};
      const output: Record<string, string> = {};
      for (const f of [...cj.sessionFields].sort()) if (j.sessionFields.has(f)) input[f] = f;
      for (const f of [...cj.sessionWrites].sort()) if (j.sessionFields.has(f)) output[f] = f;
      state.input = input;
      state.output = output;
      state.outcomes = outcomes;
      for (const key of ['input', 'output', 'outcomes']) if (Object.keys(state[key] as object).length === 0) delete state[key];
    }
  }
  return journeys.map((j) => {
    const states: Record<string, unknown> = {};
    for (const [sid, s] of Object.entries(j.allStates())) states[sid] = compact(s);
    const context: Record<string, unknown> = {};
    for (const name of [...j.fields.keys()].sort()) context[name] = j.fields.get(name);
    const description = stringOf(j.flow.value, 'description');
    const document: Record<string, unknown> = {
      title: j.flow.displayName,
      ...(description ? { description } : {}),
      ...(called.has(j.flow) && j.flow !== agent.startFlow ? { sub_journey: true } : {}),
      ...(Object.keys(context).length > 0 ? { context } : {}),
      ...(j.offramp ? { offramp: { to: j.offramp.to, on: j.offramp.on } } : {}),
      start: 'start',
      states,
    };
    return { id: j.id, source: j.point({ file: j.flow.file, value: j.flow.value }, j.flow.displayName), document, losses: j.losses };
  });
}

