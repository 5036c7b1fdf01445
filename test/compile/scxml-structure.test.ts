// The SCXML target's documents are well-formed XML and structurally valid SCXML 1.0 (no
// W3C XSD is available offline, so this checks what the schema would: only SCXML 1.0
// elements and attributes where the spec allows them, unique ids that are NCNames,
// `initial` and every transition target naming a state), and hostile texts (`]]>`, `<`,
// `&`, quotes, line breaks, U+2028, `</script>`, `--`) neither break the XML nor change
// behaviour on SCION.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { compileScxml, scxmlStateId } from '../../src/compile/scxml.js';
import { UnsafeNameError } from '../../src/compile/source-text.js';
import { InterpreterDriver, difference } from '../../src/sim/drivers.js';
import { example, journeyFrom } from '../support/engines.js';
import { EXAMPLE_NAMES } from '../support/lint.js';
import { ScionDriver, scionModel } from '../support/scion-driver.js';

const SCXML_NS = 'http://www.w3.org/2005/07/scxml';
/** SCXML 1.0 elements the target may use, with the attributes the spec gives each. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  scxml: ['xmlns', 'version', 'datamodel', 'initial'],
  datamodel: [],
  data: ['id', 'expr'],
  script: [],
  state: ['id'],
  final: ['id'],
  onentry: [],
  onexit: [],
  transition: ['event', 'cond', 'target'],
  assign: ['location', 'expr'],
  log: ['label', 'expr'],
  send: ['event', 'id', 'delay'],
  cancel: ['sendid'],
  donedata: [],
  content: ['expr'],
};
const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** Every structural problem of an SCXML document, in words (empty when it is valid). */
function structuralProblems(text: string): string[] {
  const problems: string[] = [];
  const window = new JSDOM('').window;
  const doc = new window.DOMParser().parseFromString(text, 'text/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) return [`not well-formed: ${error.textContent}`];
  const root = doc.documentElement;
  if (root.localName !== 'scxml' || root.namespaceURI !== SCXML_NS) problems.push(`root is ${root.localName} in ${root.namespaceURI}`);
  if (root.getAttribute('version') !== '1.0' || root.getAttribute('datamodel') !== 'ecmascript') problems.push('scxml needs version="1.0" datamodel="ecmascript"');
  const ids = new Map<string, number>();
  const states = new Set<string>();
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    if (el.namespaceURI !== SCXML_NS) problems.push(`${el.localName} is outside the SCXML namespace`);
    const allowed = ALLOWED[el.localName];
    if (!allowed) problems.push(`element ${el.localName} is not used by the target`);
    for (const attr of Array.from(el.attributes)) if (!allowed?.includes(attr.name)) problems.push(`${el.localName} has attribute ${attr.name}`);
    const id = el.getAttribute('id');
    if (id !== null && el.localName !== 'send') {
      if (!NCNAME.test(id)) problems.push(`id ${JSON.stringify(id)} is not an NCName`);
      ids.set(id, (ids.get(id) ?? 0) + 1);
      if (el.localName === 'state' || el.localName === 'final') states.add(id);
    }
  }
  for (const [id, n] of ids) if (n > 1) problems.push(`id ${id} is used ${n} times`);
  if (!states.has(root.getAttribute('initial') ?? '')) problems.push(`initial ${root.getAttribute('initial')} is no state`);
  for (const t of Array.from(doc.getElementsByTagName('transition'))) {
    const target = t.getAttribute('target');
    if (target !== null && !states.has(target)) problems.push(`transition target ${target} is no state`);
    if (t.parentElement?.localName !== 'state') problems.push('a transition outside a state');
  }
  const sends = Array.from(doc.getElementsByTagName('send')).map((s) => s.getAttribute('id'));
  for (const c of Array.from(doc.getElementsByTagName('cancel'))) if (!sends.includes(c.getAttribute('sendid'))) problems.push(`cancel of unknown send ${c.getAttribute('sendid')}`);
  return problems;
}

describe('SCXML documents of the examples', () => {
  for (const name of EXAMPLE_NAMES) {
    it(`${name} is well-formed, structurally valid SCXML 1.0 and SCION loads it`, async () => {
      const text = compileScxml(await example(name), `journeys/${name}.journey.yaml`);
      expect(structuralProblems(text)).toEqual([]);
      expect(text).toContain('<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="ecmascript"');
      await expect(scionModel(text)).resolves.toBeDefined();
    });
  }
  it('the structural check finds what is wrong', () => {
    expect(structuralProblems('<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" datamodel="ecmascript" initial="a"><state id="a"><transition target="b"/><invoke/></state></scxml>')).toEqual([
      'element invoke is not used by the target',
      'transition target b is no state',
    ]);
    expect(structuralProblems('<scxml><state id="a"></scxml>')[0]).toMatch(/^not well-formed/);
  });
});

const HOSTILE = ']]> </script> <!-- -- --> & &amp; " \' \u2028 \u2029 ${x} */ \\ end';

describe('hostile texts', () => {
  it('strings in say, set, defaults and guards stay data: well-formed XML, and SCION behaves as the interpreter', async () => {
    const q = JSON.stringify(HOSTILE);
    const lit = `'${HOSTILE.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const yaml = [
      'journey: hostile-scxml',
      'format: 1.1',
      `title: ${q}`,
      'offramp: { to: agent, on: [agent_requested], no_match: 2 }',
      'context:',
      `  note: { type: string, default: ${q} }`,
      '  size: { type: number, default: 0 }',
      'start: ask',
      'states:',
      '  ask:',
      `    say: ${q}`,
      '    on:',
      '      "yes":',
      `        - if: ${JSON.stringify(`note == ${lit} && contains(note, '</script>')`)}`,
      '          to: done',
      `          set: { note: ${JSON.stringify(`note + ${lit}`)}, size: "len(note)" }`,
      '        - to: ask',
      '  agent:',
      '    type: human',
      '    queue: help',
      '    hours: always',
      `    say: ${q}`,
      '  done:',
      '    type: end',
      '    outcome: resolved',
      '',
    ].join('\n');
    const journey = await journeyFrom(yaml, 'hostile.journey.yaml');
    const text = compileScxml(journey, 'x\n]]>--><script>.journey.yaml');
    expect(structuralProblems(text)).toEqual([]);
    expect(text).not.toContain(']]>');
    expect(text).not.toContain('</script> ');
    expect(text).not.toMatch(/[\u2028\u2029]/);
    const model = await scionModel(text);
    for (const script of [[{ event: { type: 'yes' } }], [{ event: { type: 'no_match' } }, { event: { type: 'no_match' } }], [{ event: { type: 'agent_requested' } }]]) {
      const reference = new InterpreterDriver(journey, Date.parse('2026-12-02T10:00:00Z'));
      const scion = new ScionDriver(journey, model, Date.parse('2026-12-02T10:00:00Z'));
      for (const step of script) {
        reference.step(step);
        scion.step(step);
        expect(difference(reference.observe(), scion.observe())).toBeUndefined();
      }
      expect(scion.said()).toEqual(reference.said());
      expect(scion.said()[0]).toBe(HOSTILE);
    }
    const done = new InterpreterDriver(journey, 0);
    done.step({ event: { type: 'yes' } });
    expect(done.observe().state).toBe('done');
  });

  it('ids that cannot be SCXML ids are refused, not escaped into something else', () => {
    for (const id of ['a"b', 'a<b', '1a', 'a b', 'journey.x', '']) expect(() => scxmlStateId(id), id).toThrow(UnsafeNameError);
    expect(scxmlStateId('verify$ask')).toBe('verify.ask');
  });
});
