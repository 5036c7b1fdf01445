/**
 * Names in a file with a sub-journey (`journeys:`): each journey's states and fields are
 * its own, so references, rename and definition stay within the journey a name belongs to.
 * In-process, on the server's own workspace and feature functions.
 */
import { describe, expect, it } from 'vitest';
import { definitionAt, referencesAt, renameEdits } from '../../src/lsp/navigation.js';
import { completionsAt } from '../../src/lsp/completion.js';
import { Workspace, type Analysis } from '../../src/lsp/workspace.js';
import { applyFixes } from '../../src/lint/fix.js';
import { tempDir } from '../support/cli.js';
import { join } from 'node:path';

const TEXT = `format: 1.1
journey: outer
title: Outer
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
journeys:
  confirm:
    start: ask
    states:
      ask:
        say: Is the address right?
        on:
          yes: ok
          no: ask
      ok: { type: end, outcome: confirmed }
states:
  ask:
    type: call
    call: confirm
    outcomes: { confirmed: done, default: agent }
  agent: { type: human, queue: q, hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`;

async function analyse(text: string): Promise<Analysis> {
  const path = join(tempDir('lsp-sub'), 'outer.journey.yaml');
  const workspace = new Workspace([]);
  workspace.update({ path, text, version: 1 });
  const [analysis] = await workspace.lint();
  if (!analysis?.journey) throw new Error(`no model: ${JSON.stringify(analysis?.diagnostics)}`);
  return analysis;
}

describe('a file with a sub-journey', () => {
  it('keeps the states of each journey apart in references and rename', async () => {
    const analysis = await analyse(TEXT);
    const inner = TEXT.indexOf('no: ask') + 4;
    const refs = referencesAt(analysis, inner, true).map((o) => o.span.start);
    // The declaration first, then the sub-journey's `start` and its own target; not the outer `ask`.
    expect(refs).toEqual([TEXT.indexOf('      ask:') + 6, TEXT.indexOf('    start: ask') + 11, inner]);
    const renamed = renameEdits(analysis, inner, 'confirm_ask');
    if ('error' in renamed) throw new Error(renamed.error);
    const out = applyFixes(TEXT, renamed.edits).output;
    // The outer journey's `ask` (start, the call state) is untouched.
    expect(out).toContain('start: ask\njourneys:');
    expect(out).toContain('  ask:\n    type: call');
    expect(out).toContain('    start: confirm_ask');
    expect(out).toContain('      confirm_ask:\n');
    expect(out).toContain('no: confirm_ask');
  });

  it('goes from a call to the sub-journey it names, and completes the sub-journey own states inside it', async () => {
    const analysis = await analyse(TEXT);
    const target = definitionAt(analysis, TEXT.indexOf('call: confirm') + 7);
    expect(target?.path).toBe(analysis.path);
    expect(TEXT.slice(target?.span.start, target?.span.end)).toBe('confirm');
    expect(target?.span.start).toBe(TEXT.indexOf('  confirm:') + 2);
    const typing = TEXT.replace('          yes: ok', '          yes: ');
    const labels = completionsAt(typing, typing.indexOf('yes: ') + 5, analysis.journey, []).map((c) => c.label);
    expect(labels).toEqual(['ask', 'ok']);
  });
});
