/**
 * Model offsets <-> protocol positions, and names found from the model's spans: the parts
 * of the language server every feature stands on, checked on real texts.
 */
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/lint/lint.js';
import { fieldSpansIn, occurrencesOf } from '../../src/lsp/occurrences.js';
import { DocumentPositions } from '../../src/lsp/positions.js';
import type { Journey } from '../../src/model/types.js';

async function modelOf(text: string): Promise<Journey> {
  const [result] = await lintSources([{ path: '/w/t.journey.yaml', text }]);
  if (!result?.journey) throw new Error(`no model: ${JSON.stringify(result?.diagnostics)}`);
  return result.journey;
}

const JOURNEY = `journey: t
title: T
context:
  tries: { type: number, default: 0 }
  name: { type: string }
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
states:
  ask:
    say: "🙂 Hello"
    on:
      again:
        - if: "tries < 2 && name != 'tries' && len(name) > event.tries"
          to: ask
          set: { tries: tries + 1 }
        - to: agent
  agent: { type: human, queue: q, hours: always }
`;

describe('DocumentPositions', () => {
  it('counts UTF-16 units, steps over a BOM the model does not see, and breaks lines at LF, CRLF and a lone CR', () => {
    const text = '\uFEFFa: 1\r\nb: "😀x"\rc: 2\n';
    const p = new DocumentPositions(text);
    expect(p.modelText).toBe(text.slice(1));
    const x = p.modelText.indexOf('x');
    // Line 1 is `b: "😀x"`: the emoji is two units, so `x` is at character 6, not 5.
    expect(p.position(x)).toEqual({ line: 1, character: 6 });
    expect(p.offset({ line: 1, character: 6 })).toBe(x);
    expect(p.position(p.modelText.indexOf('c'))).toEqual({ line: 2, character: 0 });
    // The line after the final break is where a cursor can sit.
    expect(p.position(p.modelText.length)).toEqual({ line: 3, character: 0 });
    expect(p.offset({ line: 3, character: 0 })).toBe(p.modelText.length);
    // A character past the end of a line is clamped to it.
    expect(p.offset({ line: 0, character: 99 })).toBe(p.modelText.indexOf('\r'));
  });
});

describe('occurrences', () => {
  it('finds the fields an expression reads inside its quotes, not in string literals, event data or function names', async () => {
    const journey = await modelOf(JOURNEY);
    const guard = [...journey.states.values()][0];
    const expression = guard?.type === 'bot' ? guard.on[0]?.branches[0]?.guard : undefined;
    if (!expression) throw new Error('no guard');
    const spans = fieldSpansIn(JOURNEY, expression).map((f) => [f.name, JOURNEY.slice(f.span.start, f.span.end), f.span.start]);
    const base = JOURNEY.indexOf('"tries < 2') + 1;
    expect(spans).toEqual([
      ['tries', 'tries', base],
      ['name', 'name', base + expression.source.indexOf('name !=')],
      ['name', 'name', base + expression.source.indexOf('name) >')],
    ]);
  });

  it('lists every state id where the model has it: declaration, start, offramp, targets', async () => {
    const journey = await modelOf(JOURNEY);
    const states = occurrencesOf(journey, JOURNEY).filter((o) => o.kind === 'state');
    expect(states.map((o) => [o.name, o.role, JOURNEY.slice(o.span.start, o.span.end)])).toEqual([
      ['agent', 'offramp', 'agent'],
      ['ask', 'start', 'ask'],
      ['ask', 'declaration', 'ask'],
      ['ask', 'target', 'ask'],
      ['agent', 'target', 'agent'],
      ['agent', 'declaration', 'agent'],
    ]);
  });
});
