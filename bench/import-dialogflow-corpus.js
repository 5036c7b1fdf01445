#!/usr/bin/env node
// Writes a synthetic Dialogflow CX agent export (the unzipped JSON package layout) with
// N pages, for the import benchmark: `node bench/import-dialogflow-corpus.js DIR 500`.
// Pages are spread over flows of 50; each page has an entry prompt, intent routes to the
// next pages, a form on every fifth page, condition routes, retry handlers and a webhook
// on some, so the importer's every path is exercised at scale. Deterministic: the same N
// gives the same bytes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, countText] = process.argv.slice(2);
const pages = Number(countText ?? '500');
if (!dir || !Number.isInteger(pages) || pages < 1) {
  process.stderr.write('usage: node bench/import-dialogflow-corpus.js DIR PAGES\n');
  process.exit(2);
}

const PER_FLOW = 50;
const flows = Math.ceil(pages / PER_FLOW);
const text = (t) => ({ text: { text: [t] }, languageCode: 'en' });
const write = (rel, value) => {
  const path = join(dir, ...rel.split('/'));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
};
const id = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const flowName = (f) => (f === 0 ? 'Default Start Flow' : `Flow ${f}`);
const pageName = (f, p) => `> page ${f}-${p}`;
const fileName = (name) => encodeURIComponent(name).replace(/%20/g, ' ').replace(/%3E/g, '%3e');

rmSync(dir, { recursive: true, force: true });
write('agent.json', { displayName: `Synthetic ${pages}`, defaultLanguageCode: 'en', timeZone: 'Europe/London', startFlow: 'Default Start Flow' });
const intents = ['Default Welcome Intent', 'agent.request', 'yes', 'no', 'help', 'goodbye'];
for (let i = 0; i < 20; i++) intents.push(`topic.${i}`);
intents.forEach((name, n) => write(`intents/${name}/${name}.json`, { name: id(9000 + n), displayName: name, priority: 500000 }));
write('webhooks/lookup.json', { name: id(9999), displayName: 'lookup', genericWebService: { uri: 'https://example.invalid/lookup' } });

let made = 0;
for (let f = 0; f < flows; f++) {
  const count = Math.min(PER_FLOW, pages - made);
  const name = flowName(f);
  const routes = [
    f === 0
      ? { intent: 'Default Welcome Intent', triggerFulfillment: { messages: [text('Welcome.')] }, targetPage: pageName(f, 0) }
      : { condition: 'true', triggerFulfillment: { setParameterActions: [{ parameter: '$flow.tries', value: 0 }] }, targetPage: pageName(f, 0) },
    { intent: 'agent.request', triggerFulfillment: {}, targetPage: 'Agent' },
    { intent: 'goodbye', triggerFulfillment: { messages: [text('Goodbye.')] }, targetPage: 'End Session' },
  ];
  write(`flows/${name}/${name}.json`, {
    name: f === 0 ? '00000000-0000-0000-0000-000000000000' : id(f * 1000),
    displayName: name,
    transitionRoutes: routes,
    eventHandlers: [
      { event: 'sys.no-match-default', triggerFulfillment: { messages: [text("Sorry, I didn't get that.")] } },
      { event: 'sys.no-input-default', triggerFulfillment: { messages: [text('Are you still there?')] } },
    ],
    transitionRouteGroups: ['Common'],
  });
  write(`flows/${name}/transitionRouteGroups/Common.json`, { name: id(f * 1000 + 999), displayName: 'Common', transitionRoutes: [{ intent: 'help', triggerFulfillment: { messages: [text('You can say yes, no or agent.')] } }] });
  write(`flows/${name}/pages/Agent.json`, { name: id(f * 1000 + 998), displayName: 'Agent', entryFulfillment: { messages: [text('Connecting you now.'), { liveAgentHandoff: { metadata: { queue: `team_${f}` } } }] } });
  for (let p = 0; p < count; p++) {
    const next = (k) => (p + k < count ? pageName(f, p + k) : f + 1 < flows ? null : 'End Session');
    const pageRoutes = [
      { intent: 'yes', triggerFulfillment: {}, ...(next(1) ? { targetPage: next(1) } : { targetFlow: flowName(f + 1) }) },
      { intent: 'no', triggerFulfillment: { setParameterActions: [{ parameter: `answer_${p % 7}`, value: 'no' }] }, ...(next(2) ? { targetPage: next(2) } : { targetPage: 'End Flow' }) },
      { intent: `topic.${p % 20}`, condition: `$session.params.answer_${p % 7} != null`, triggerFulfillment: {}, targetPage: p > 0 ? pageName(f, p - 1) : 'Start Page' },
    ];
    const page = {
      name: id(f * 1000 + p + 1),
      displayName: pageName(f, p),
      entryFulfillment: { messages: [text(`This is step ${p} of flow ${f}. Shall we go on?`)], ...(p % 10 === 3 ? { webhook: 'lookup', tag: `step_${p}` } : {}) },
      transitionRoutes: pageRoutes,
      eventHandlers: [
        { event: 'sys.no-match-1', triggerFulfillment: { messages: [text('Please say yes or no.')] } },
        { event: 'sys.no-match-2', triggerFulfillment: {}, targetPage: 'Agent' },
      ],
    };
    if (p % 5 === 4) {
      page.form = { parameters: [{ displayName: `value_${p}`, required: true, entityType: '@sys.number', fillBehavior: { initialPromptFulfillment: { messages: [text('What is the number?')] } } }] };
      page.transitionRoutes = [
        { condition: `$page.params.status = "FINAL" AND $session.params.value_${p} > 10`, triggerFulfillment: {}, targetPage: next(1) ?? 'End Flow' },
        { condition: '$flow.tries >= 2', triggerFulfillment: {}, targetPage: 'END_FLOW_WITH_HUMAN_ESCALATION' },
        { condition: 'true', triggerFulfillment: { setParameterActions: [{ parameter: '$flow.tries', value: '$sys.func.ADD($flow.tries, 1)' }] }, targetPage: pageName(f, p) },
      ];
    }
    write(`flows/${name}/pages/${fileName(pageName(f, p))}.json`, page);
  }
  made += count;
}
process.stdout.write(`${dir}: ${pages} pages in ${flows} flows\n`);
