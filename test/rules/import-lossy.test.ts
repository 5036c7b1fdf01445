import { describe, expect, it } from 'vitest';
import { lintYaml, testRule } from '../support/lint.js';

// Spec (issue 12, rule 4): what an import cannot map is listed per journey, and the
// journey gets a warning-level finding `import-lossy` naming each loss.
const body = `journey: t
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
`;

testRule('import-lossy', {
  valid: [
    { name: 'a journey written by hand has no x-import', yaml: body },
    { name: 'an import that lost nothing', yaml: `${body}x-import: { platform: rasa, losses: [] }\n` },
    { name: 'x-import without a losses list', yaml: `${body}x-import: { platform: rasa }\n` },
    { name: "an x-import that is not a mapping is not the importer's", yaml: `${body}x-import: written by hand\n` },
  ],
  invalid: [
    {
      name: 'a loss on a state is reported at that state, naming its kind and message',
      yaml: `${body}x-import:
  platform: connect
  losses:
    - { kind: lambda-branch, state: greet, message: The Lambda result picks the branch. }
`,
      errors: [{ line: 5, column: 3, messageId: 'lossy' }],
    },
    {
      name: 'a loss without a state, or naming a state that is gone, is reported at the entry; one finding per loss',
      yaml: `${body}x-import:
  platform: rasa
  losses:
    - kind: digression
      message: The customer can start another flow at any question.
    - { kind: pattern-resume, state: nowhere, message: Patterns resume the interrupted flow. }
    - { kind: webhook, state: agent, message: x }
`,
      errors: [
        { line: 8, column: 3 },
        { line: 15, column: 7 },
        { line: 17, column: 7 },
      ],
    },
  ],
});

describe('import-lossy messages', () => {
  it('name the kind of loss and repeat the importer\'s sentence, as a warning', async () => {
    const found = await lintYaml(`${body}x-import:
  platform: connect
  losses:
    - { kind: lambda-branch, state: greet, message: The Lambda result picks the branch. }
`);
    const lossy = found.filter((d) => d.ruleId === 'import-lossy');
    expect(lossy.map((d) => [d.severity, d.message])).toEqual([
      ['warning', 'The imported bot does something here the journey does not (lambda-branch): The Lambda result picks the branch.'],
    ]);
  });
});
