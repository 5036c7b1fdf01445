import { calleeOf, type Journey } from '../model/types.js';
import { docsUrl, type JourneyRule } from '../rule-support/types.js';

const rule: JourneyRule = {
  meta: {
    id: 'call-cycle',
    description: 'A journey never reaches itself through calls (`type: call` of itself, or a chain of calls through other journeys).',
    severity: 'error',
    docs: docsUrl('call-cycle'),
    messages: {
      callCycle:
        'Call state `{{state}}` leads back into journey `{{journey}}` through calls: {{cycle}}. Each call starts the journey afresh inside the last one, so it never ends.',
    },
    hints: {
      callCycle:
        'Break the cycle: let the called journey end with an outcome that `{{state}}` continues on (`outcomes:`), instead of calling `{{journey}}` again.',
    },
  },
  create(context) {
    const top = context.journey;
    // A journey's call of its own id is a call of itself (the linker does not list a journey among its own
    // callees). Other names resolve as the behaviour table resolves them; an unresolved one is unknown-target's.
    const callee = (j: Journey, id: string): Journey | undefined => calleeOf(j, id) ?? (j === top && id === top.id.value ? top : undefined);
    // Every journey reachable from this one through calls (linked once round), with the journeys each calls.
    const calls = new Map<Journey, Journey[]>();
    const queue: Journey[] = [top];
    calls.set(top, []);
    for (let head = 0; head < queue.length; head++) {
      const j = queue[head] as Journey;
      const out = calls.get(j) as Journey[];
      for (const state of j.states.values()) {
        if (state.type !== 'call') continue;
        const c = callee(j, state.call.value);
        if (!c) continue; // unknown-target reports it
        out.push(c);
        if (calls.has(c)) continue;
        calls.set(c, []);
        queue.push(c);
      }
    }
    // Breadth first back from this journey over reversed calls: each journey's next step on a shortest way back.
    const callers = new Map<Journey, Journey[]>();
    for (const [from, list] of calls) {
      for (const to of list) {
        const known = callers.get(to);
        if (known) known.push(from);
        else callers.set(to, [from]);
      }
    }
    const towards = new Map<Journey, Journey>();
    const back: Journey[] = [top];
    const found = new Set<Journey>([top]);
    for (let head = 0; head < back.length; head++) {
      const j = back[head] as Journey;
      for (const from of callers.get(j) ?? []) {
        if (found.has(from)) continue;
        found.add(from);
        towards.set(from, j);
        back.push(from);
      }
    }
    // Each of the journey's own call states whose callee comes back to it starts a cycle.
    for (const state of top.states.values()) {
      if (state.type !== 'call') continue;
      const first = callee(top, state.call.value);
      if (!first || !found.has(first)) continue;
      const cycle = [top.id.value];
      for (let j: Journey | undefined = first; j && j !== top; j = towards.get(j)) cycle.push(j.id.value);
      cycle.push(top.id.value);
      context.report({ messageId: 'callCycle', data: { state: state.id, journey: top.id.value, cycle: cycle.join(' → ') }, span: state.keySpan });
    }
  },
};

export default rule;
