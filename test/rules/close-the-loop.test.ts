import { testRule } from '../support/lint.js';

// Spec: "`close-the-loop` (warning: no end state with `feedback: true`)"; journey-level
// findings "(no human state at all, `close-the-loop`) at `states:`".
testRule('close-the-loop', {
  valid: [
    {
      name: 'one end state asks for feedback',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      done: done
      quit: abandoned
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
    feedback: true
  abandoned:
    type: end
    outcome: abandoned
`,
    },
    {
      name: 'the end state after the person asks for feedback',
      yaml: `journey: t
title: T
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
      resolved: done
  done:
    type: end
    outcome: resolved
    feedback: true
`,
    },
    {
      name: 'format 1.1: a sub-journey without feedback is judged only inside its caller',
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: check
    outcomes:
      verified: done
  done:
    type: end
    outcome: resolved
    feedback: true
journeys:
  check:
    start: ask
    states:
      ask:
        on:
          given: ok
      ok: { type: end, outcome: verified }
`,
    },
    {
      name: "format 1.1: a called journey's end with feedback that ends the caller too (no outcome continues it)",
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: check
    outcomes:
      failed: done
  done:
    type: end
    outcome: not_verified
journeys:
  check:
    start: ask
    states:
      ask:
        on:
          given: ok
          wrong: failed
      ok:
        type: end
        outcome: verified
        feedback: true
      failed: { type: end, outcome: failed }
`,
    },
  ],
  invalid: [
    {
      name: 'end states without feedback',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      done: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 4, column: 1, messageId: 'noFeedback' }],
    },
    {
      name: 'feedback: false does not close the loop; the finding is at `states:` wherever it is',
      yaml: `journey: t
title: T
context:
  attempts: { type: number, default: 0 }
offramp: { to: agent, on: [help] }
start: greet
states:
  greet:
    on:
      done: done
  agent:
    type: human
    queue: q
    hours: always
  done:
    type: end
    outcome: resolved
    feedback: false
`,
      errors: [{ line: 7, column: 1, messageId: 'noFeedback' }],
    },
    {
      name: 'no end state at all (the person is terminal)',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
  agent:
    type: human
    queue: q
    hours: always
`,
      errors: [{ line: 4, column: 1, messageId: 'noFeedback' }],
    },
    {
      name: 'an `x-feedback` metadata key on a human state does not close the loop',
      yaml: `journey: t
title: T
start: greet
states:
  greet:
    on:
      help: agent
      bye: done
  agent:
    type: human
    queue: q
    hours: always
    x-feedback: true
  done:
    type: end
    outcome: resolved
`,
      errors: [{ line: 4, column: 1, messageId: 'noFeedback' }],
    },
    {
      name: "format 1.1: a called journey's end with feedback that returns to the caller does not end the journey",
      yaml: `journey: t
title: T
start: verify
states:
  verify:
    type: call
    call: check
    outcomes:
      default: done
  done:
    type: end
    outcome: resolved
journeys:
  check:
    start: ask
    states:
      ask:
        on:
          given: ok
      ok:
        type: end
        outcome: verified
        feedback: true
`,
      errors: [{ line: 4, column: 1, messageId: 'noFeedback' }],
    },
  ],
});
