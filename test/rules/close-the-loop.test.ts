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
  ],
});
