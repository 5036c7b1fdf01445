import { testRule } from '../support/lint.js';

// Spec: "`handoff-context` (warning: a field `set` on some path into a human state but not
// in its `carry`, so the customer would repeat it)". "`handoff-context`: a field counts when
// it is `set` on any transition u -> v where u is reachable and v can reach the human state
// by any transition (the offramp included); the finding names the transition that sets it."
// Reachability "follows every kind of transition". Findings at the human state's key line.
testRule('handoff-context', {
  valid: [
    {
      name: 'the field set on the way is carried',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
start: verify
states:
  verify:
    on:
      failed:
        - if: attempts >= 2
          to: agent
        - to: verify
          set: { attempts: attempts + 1 }
  agent:
    type: human
    queue: q
    hours: always
    carry: [attempts]
`,
    },
    {
      name: 'a set on a transition out of an unreachable state does not count',
      yaml: `journey: t
title: T
context:
  note: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      help: agent
  orphan:
    on:
      help:
        to: agent
        set: { note: "'from orphan'" }
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a set on a transition into a state that cannot reach the person does not count',
      yaml: `journey: t
title: T
context:
  rating: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      help: agent
      rate:
        to: done
        set: { rating: event.stars }
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
    },
    {
      name: 'a declared field that is never set need not be carried',
      yaml: `journey: t
title: T
context:
  customer_id: { type: string, pii: true, purpose: Identify the account }
  attempts: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      help: agent
      check:
        if: attempts > 1
        to: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'only the human states reachable after the set need the field',
      yaml: `journey: t
title: T
context:
  topic: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      billing:
        to: billing_menu
        set: { topic: "'billing'" }
      tech: tech_agent
  billing_menu:
    on:
      help: billing_agent
  billing_agent:
    type: human
    queue: billing
    hours: always
    carry: [topic]
  tech_agent:
    type: human
    queue: tech
    hours: always
`,
    },
      {
      name: 'a counter the bot computes on a retry loop need not be carried: the customer never said it',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
start: verify
states:
  verify:
    on:
      failed:
        - if: attempts >= 2
          to: agent
        - to: verify
          set: { attempts: attempts + 1 }
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'a constant set from a literal and a field marked internal need not be carried',
      yaml: `journey: t
title: T
context:
  plan: { type: string, default: '' }
  nm: { type: number, default: 0, internal: true }
start: greet
states:
  greet:
    on:
      pick: { to: confirm, set: { plan: "'premium'", nm: event.count } }
  confirm:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
    },
    {
      name: 'format 1.1: a field the customer gives inside a called journey, copied back by `output` and carried',
      yaml: `journey: t
title: T
context:
  customer_id: { type: string }
start: verify
states:
  verify:
    type: call
    call: check
    output: { customer_id: customer }
    outcomes:
      default: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [customer_id]
journeys:
  check:
    context:
      customer: { type: string }
    start: ask
    states:
      ask:
        on:
          given: { to: ok, set: { customer: event.number } }
      ok: { type: end, outcome: verified }
`,
    },
    {
      name: "format 1.1: a called journey's `internal: true` fields, and the caller's fields, need not be carried by the callee's person",
      yaml: `journey: t
title: T
context:
  name: { type: string }
start: greet
states:
  greet:
    on:
      named: { to: verify, set: { name: event.name } }
  verify:
    type: call
    call: check
    outcomes:
      default: done
  done: { type: end, outcome: resolved }
journeys:
  check:
    context:
      tries: { type: number, default: 0, internal: true }
      code: { type: string, internal: true }
    start: ask
    states:
      ask:
        on:
          given: { to: desk, set: { code: event.code, tries: tries + 1 } }
      desk:
        type: human
        queue: q
        hours: always
`,
    },
  ],
  invalid: [
    {
      name: 'the target reaches the person only through the offramp',
      yaml: `journey: t
title: T
context:
  plan: { type: string, default: '' }
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      pick:
        to: confirm
        set: { plan: event.plan }
  confirm:
    on:
      ok: done
  agent:
    type: human
    queue: q
    hours: always
    carry: []
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 16, column: 3, messageId: 'notCarried' }],
    },
    {
      name: 'the target reaches the person only through a timeout or a signal',
      yaml: `journey: t
title: T
context:
  plan: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      pick:
        to: confirm
        set: { plan: event.plan }
  confirm:
    on:
      ok: done
      frustrated: agent
    after:
      5m: agent
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 18, column: 3, messageId: 'notCarried' }],
    },
    {
      name: 'the out-of-hours team reached through when_closed needs the field too',
      yaml: `journey: t
title: T
context:
  reason: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      help:
        to: day_team
        set: { reason: event.reason }
  day_team:
    type: human
    queue: day
    hours: mon-fri 09:00-17:00 Europe/London
    when_closed: night_team
    carry: [reason]
  night_team:
    type: human
    queue: night
    hours: always
`,
      errors: [{ line: 18, column: 3, messageId: 'notCarried' }],
    },
    {
      name: 'one finding per missing field',
      yaml: `journey: t
title: T
context:
  account: { type: string, pii: true, purpose: Find the account }
  amount: { type: number, default: 0 }
  reason: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      details:
        to: confirm
        set: { account: event.account, amount: event.amount, reason: "'dispute'" }
  confirm:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [reason]
`,
      errors: [{ line: 17 }, { line: 17 }],
    },
    {
      name: 'only the human state that does not carry it is reported',
      yaml: `journey: t
title: T
context:
  topic: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      pick:
        to: menu
        set: { topic: event.topic }
  menu:
    on:
      a: agent_a
      b: agent_b
  agent_a:
    type: human
    queue: a
    hours: always
    carry: [topic]
  agent_b:
    type: human
    queue: b
    hours: always
`,
      errors: [{ line: 21, column: 3, messageId: 'notCarried' }],
    },
    {
      name: 'a field copied from one the customer gave counts too',
      yaml: `journey: t
title: T
context:
  name: { type: string, default: '' }
  greeting: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      named: { to: hello, set: { name: event.name } }
  hello:
    on:
      hi: { to: ask, set: { greeting: "'Hello ' + name" } }
  ask:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    carry: [name]
`,
      errors: [{ line: 17, column: 3, messageId: 'notCarried' }],
    },
    {
      name: 'a set on an always branch of a decision state counts',
      yaml: `journey: t
title: T
context:
  vip: { type: boolean, default: false }
start: decide
states:
  decide:
    always:
      - if: "1 > 2"
        to: agent
        set: { vip: event.vip }
      - to: ask
  ask:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 16, column: 3, messageId: 'notCarried' }],
    },
    {
      name: 'a set on a hand-back from the person counts when the customer can come back',
      yaml: `journey: t
title: T
context:
  case_id: { type: string, default: '' }
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
    on:
      resolved:
        to: survey
        set: { case_id: event.case_id }
  survey:
    on:
      again: agent
      bye: done
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 10, column: 3, messageId: 'notCarried' }],
    },
    {
      name: 'an offramp with only no_match counts as a way to the person',
      yaml: `journey: t
title: T
context:
  plan: { type: string, default: '' }
offramp: { to: agent, no_match: 2 }
start: greet
states:
  greet:
    on:
      pick:
        to: confirm
        set: { plan: event.plan }
  confirm:
    on:
      ok: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 16, column: 3, messageId: 'notCarried' }],
    },
    {
      name: "format 1.1: a field the customer gives inside a called journey, copied back by `output`, not carried by the caller's person",
      yaml: `journey: t
title: T
context:
  customer_id: { type: string }
start: verify
states:
  verify:
    type: call
    call: check
    output: { customer_id: customer }
    outcomes:
      default: agent
  agent:
    type: human
    queue: q
    hours: always
journeys:
  check:
    context:
      customer: { type: string }
    start: ask
    states:
      ask:
        on:
          given: { to: ok, set: { customer: event.number } }
      ok: { type: end, outcome: verified }
`,
      errors: [{ line: 13, column: 3, messageId: 'notCarried' }],
    },
    {
      name: "format 1.1: a called journey's person must carry what the customer gave inside it: one finding, at the call state",
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: check
    outcomes:
      default: done
  done: { type: end, outcome: resolved }
journeys:
  check:
    context:
      customer: { type: string }
      reason: { type: string }
    start: ask
    states:
      ask:
        on:
          given: { to: why, set: { customer: event.number } }
      why:
        on:
          told: { to: desk, set: { reason: event.text } }
      desk:
        type: human
        queue: q
        hours: always
`,
      errors: [{ line: 5, column: 3, messageId: 'notCarried' }],
    },
    {
      name: 'format 1.1: `input` that copies what the customer gave into a called journey: its person must carry it',
      yaml: `journey: t
title: T
context:
  name: { type: string }
start: greet
states:
  greet:
    on:
      named: { to: verify, set: { name: event.name } }
  verify:
    type: call
    call: check
    input: { who: name }
    outcomes:
      default: done
  done: { type: end, outcome: resolved }
journeys:
  check:
    context:
      who: { type: string }
    start: desk
    states:
      desk:
        type: human
        queue: q
        hours: always
`,
      errors: [{ line: 10, column: 3, messageId: 'notCarried' }],
    },
  ],
});
