// Writes a synthetic Amazon Connect contact flow (flow language, Version 2019-10-30) of
// exactly N actions, shaped like a real IVR: a chain of menus, each with a greeting, a
// contact attribute, a retry loop, a check on an attribute, a Lambda call and a queue of
// its own, all ending at one hours check, transfer and callback offer.
// Usage: node bench/import-connect-corpus.js FILE [N=300]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [file, count = '300'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/import-connect-corpus.js FILE [N]\n');
  process.exit(2);
}
const total = Number(count);
const INSTANCE = 'arn:aws:connect:eu-west-2:111122223333:instance/00000000-0000-0000-0000-000000000000';

function action(Identifier, Type, Parameters, transitions = {}) {
  const Transitions = {};
  if (transitions.next) Transitions.NextAction = transitions.next;
  if (transitions.conditions) {
    Transitions.Conditions = transitions.conditions.map(([operand, next]) => ({ NextAction: next, Condition: { Operator: 'Equals', Operands: [operand] } }));
  }
  if (transitions.errors) Transitions.Errors = transitions.errors.map(([ErrorType, NextAction]) => ({ NextAction, ErrorType }));
  return { Parameters, Identifier, Type, Transitions };
}

// The shared tail: 8 actions.
const tail = [
  action('check-hours', 'CheckHoursOfOperation', {}, { conditions: [['True', 'please-hold'], ['False', 'closed']], errors: [['NoMatchingError', 'goodbye']] }),
  action('please-hold', 'MessageParticipant', { Text: 'Please hold while I connect you to an agent.' }, { next: 'transfer' }),
  action('transfer', 'TransferContactToQueue', {}, { errors: [['QueueAtCapacity', 'offer-callback'], ['NoMatchingError', 'offer-callback']] }),
  action('offer-callback', 'GetParticipantInput', { Text: 'All our agents are busy. Press 1 for a callback.', StoreInput: 'False', InputTimeLimitSeconds: '5' }, {
    conditions: [['1', 'book-callback']],
    errors: [['InputTimeLimitExceeded', 'goodbye'], ['NoMatchingCondition', 'goodbye'], ['NoMatchingError', 'goodbye']],
  }),
  action('book-callback', 'CreateCallbackContact', { InitialCallDelaySeconds: '60' }, { next: 'goodbye', errors: [['NoMatchingError', 'goodbye']] }),
  action('closed', 'MessageParticipant', { Text: 'We are closed now.' }, { next: 'hang-up' }),
  action('goodbye', 'MessageParticipant', { Text: 'Thank you for calling. Goodbye.' }, { next: 'hang-up' }),
  action('hang-up', 'DisconnectParticipant', {}),
];

const BLOCK = 8;
const blocks = Math.max(1, Math.floor((total - tail.length) / BLOCK));
const padding = Math.max(0, total - tail.length - blocks * BLOCK);
const actions = [];
const first = (b) => (b < blocks ? `greet-${b}` : 'goodbye');
for (let p = 0; p < padding; p++) {
  actions.push(action(`intro-${p}`, 'MessageParticipant', { Text: `Welcome message ${p + 1}.` }, { next: p + 1 < padding ? `intro-${p + 1}` : first(0) }));
}
for (let b = 0; b < blocks; b++) {
  const next = first(b + 1);
  actions.push(
    action(`greet-${b}`, 'MessageParticipant', { Text: `You are at menu ${b + 1}.` }, { next: `remember-${b}` }),
    action(`remember-${b}`, 'UpdateContactAttributes', { Attributes: { [`visited_${b}`]: 'true' }, TargetContact: 'Current' }, { next: `menu-${b}`, errors: [['NoMatchingError', `menu-${b}`]] }),
    action(`menu-${b}`, 'GetParticipantInput', { Text: `Press 1 to go on, 2 for team ${b + 1}. To speak to an agent, press 0.`, StoreInput: 'False', InputTimeLimitSeconds: '5' }, {
      conditions: [['1', `check-${b}`], ['2', `queue-${b}`], ['0', `queue-${b}`]],
      errors: [['InputTimeLimitExceeded', `loop-${b}`], ['NoMatchingCondition', `sorry-${b}`], ['NoMatchingError', 'goodbye']],
    }),
    action(`sorry-${b}`, 'MessageParticipant', { Text: 'Sorry, that is not an option.' }, { next: `loop-${b}` }),
    action(`loop-${b}`, 'Loop', { LoopCount: '3' }, { conditions: [['ContinueLooping', `menu-${b}`], ['DoneLooping', 'goodbye']] }),
    action(`check-${b}`, 'Compare', { ComparisonValue: `$.Attributes.segment_${b % 7}` }, { conditions: [['gold', `lambda-${b}`]], errors: [['NoMatchingCondition', next]] }),
    action(`lambda-${b}`, 'InvokeLambdaFunction', { LambdaFunctionARN: `arn:aws:lambda:eu-west-2:111122223333:function:step${b}`, InvocationTimeLimitSeconds: '3' }, { next, errors: [['NoMatchingError', 'goodbye']] }),
    action(`queue-${b}`, 'UpdateContactTargetQueue', { QueueId: `${INSTANCE}/queue/team-${b}` }, { next: 'check-hours', errors: [['NoMatchingError', 'goodbye']] }),
  );
}
actions.push(...tail);

const ActionMetadata = Object.fromEntries(actions.map((a, i) => [a.Identifier, { position: { x: 220 * (i % 20), y: 180 * Math.floor(i / 20) } }]));
const flow = {
  Version: '2019-10-30',
  StartAction: actions[0].Identifier,
  Metadata: { entryPointPosition: { x: 40, y: 40 }, ActionMetadata, Annotations: [], name: `Synthetic IVR ${actions.length}`, description: '', type: 'contactFlow', status: 'PUBLISHED', hash: {} },
  Actions: actions,
};
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(flow, null, 2)}\n`);
process.stdout.write(`${file}: ${actions.length} actions\n`);
