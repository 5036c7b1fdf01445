import { testRule } from '../support/lint.js';

const GUARDED = (retry: string) => `journey: guarded
title: Guarded exit
context:
  attempts: { type: number, default: 0 }
start: greet
states:
  greet:
    on:
      go: verify
      no_match: verify
      frustrated: agent
  verify:
    on:
      failed:
        - if: attempts >= 3
          to: agent
${retry}
      no_match: verify_help
      frustrated: agent
  verify_help:
    on:
      back: verify
      no_match: agent
      frustrated: agent
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
    feedback: true
`;

testRule('human-exit-proved', {
  valid: [
    {
      name: 'the guard opens because the retry counts attempts',
      yaml: GUARDED(`        - to: verify
          set: { attempts: attempts + 1 }`),
    },
    {
      name: 'an unconditional offramp makes values irrelevant',
      yaml: `journey: offramp
title: Offramp
context:
  attempts: { type: number, default: 0 }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: verify
states:
  verify:
    on:
      failed:
        - if: attempts >= 3
          to: agent
        - to: verify
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`,
    },
    {
      name: 'a guard on event data may go either way, so the exit can open',
      yaml: `journey: data
title: Data
context:
  score: { type: number, default: 0 }
start: ask
states:
  ask:
    on:
      answered:
        - if: event.score > 8
          to: agent
        - to: ask
      no_match: agent
      frustrated: agent
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`,
    },
  ],
  invalid: [
    {
      name: 'the only exit needs attempts >= 3 but attempts never grows',
      yaml: GUARDED(`        - to: verify`),
      // greet and verify_help reach a person only through verify; verify is stuck.
      errors: [{ line: 7, column: 3, messageId: 'neverOpens' }, { line: 12, column: 3, messageId: 'neverOpens' }, { line: 20, column: 3, messageId: 'neverOpens' }],
    },
    {
      name: 'a flag that is never set keeps a decision from ever choosing the person',
      yaml: `journey: flag
title: Flag
context:
  vip: { type: boolean, default: false }
start: ask
states:
  ask:
    on:
      help: route
      no_match: agent
      frustrated: agent
  route:
    always:
      - if: vip
        to: agent
      - to: ask
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`,
      errors: [{ line: 7, column: 3, messageId: 'neverOpens' }],
    },
  ],
});
