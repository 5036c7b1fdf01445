/**
 * `journey lsp` over stdio: the real binary as a child process, driven by the protocol
 * client of vscode-languageserver-protocol. One server for the whole file; each test
 * works on documents of a temporary workspace.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  DocumentSymbolRequest,
  FileChangeType,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type CodeAction,
  type CompletionItem,
  type DocumentSymbol,
  type InitializeResult,
  type Location,
  type MarkupContent,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { BIN, cleanEnv, ensureBuilt, STACK, tempDir } from '../support/cli.js';
import { LspClient, uriOf } from '../support/lsp-client.js';

const CALLEE = `format: 1.1
journey: verify
title: Verify the customer
sub_journey: true
context:
  customer_id: { type: string, pii: true, purpose: Tell the caller who it is }
start: ask
states:
  ask:
    say: What is your customer number?
    on:
      given:
        to: ok
        set: { customer_id: event.customer_id }
      unknown: failed
  ok:
    type: end
    outcome: verified
  failed:
    type: end
    outcome: failed
`;

/** Lint-clean, except that the config turns frustration-handled off (this journey has no `frustration: true`). */
const MAIN = `format: 1.1
journey: refund
title: Refund a purchase
priority: routine
channels: [chat]
context:
  attempts: { type: number, default: 0 }
  customer_id: { type: string, pii: true, purpose: Find the order }
offramp:
  to: agent
  on: [agent_requested]
  no_match: 2
start: check
states:
  check:
    type: call
    call: verify
    output: { customer_id: customer_id }
    outcomes:
      verified: greet
      failed: agent
  greet:
    say: "Hi, what do you need?"
    on:
      refund:
        - if: attempts >= 2
          to: agent
        - to: greet
          set: { attempts: attempts + 1 }
      bye: done
  agent:
    type: human
    queue: refunds
    hours: always
    carry: [customer_id]
  done:
    type: end
    outcome: resolved
    feedback: true
`;

/** The `bye` line with an astral character before a mistyped target: its column counts two UTF-16 units for the emoji. */
const TYPO_LINE = '      bye: { description: "😀 bye", to: dnoe }';
const TYPO = MAIN.replace('      bye: done', TYPO_LINE);

/** Position of the `nth` occurrence of `needle` in `text` (0-based line, UTF-16 character), plus `delta` characters. */
function at(text: string, needle: string, nth = 0, delta = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: (before[before.length - 1] as string).length };
}

/** Applies protocol edits to a text (LF line ends, UTF-16 positions). */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offsetOf = (p: Position): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))
    .reduce((out, e) => out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end)), text);
}

describe('journey lsp over stdio', () => {
  let root: string;
  let client: LspClient;
  let init: InitializeResult;
  let main: string;

  beforeAll(async () => {
    ensureBuilt();
    root = tempDir('lsp');
    writeFileSync(join(root, 'journey.config.yaml'), 'extends: recommended\nrules:\n  frustration-handled: off\n');
    writeFileSync(join(root, 'verify.journey.yaml'), CALLEE);
    main = join(root, 'main.journey.yaml');
    writeFileSync(main, MAIN);
    ({ client, init } = await LspClient.start(root, { debounce: 0 }));
  });

  afterAll(() => client?.kill());

  it('initializes with UTF-16 positions and the features it serves', () => {
    expect(init.capabilities.positionEncoding).toBe('utf-16');
    expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true, renameProvider: { prepareProvider: true } });
  });

  it('publishes no findings for a clean journey, with the nearest config applied and the call resolved in the workspace', async () => {
    const published = await client.open(main, MAIN);
    // Without the config, frustration-handled would warn on `greet`; without the workspace, `call: verify` would be unknown.
    expect(published.diagnostics).toEqual([]);
  });

  it('publishes findings after a change, with UTF-16 ranges, the rule id as code and its docs', async () => {
    const published = await client.change(main, TYPO);
    const finding = published.diagnostics.find((d) => d.code === 'unknown-target');
    expect(finding).toBeDefined();
    expect(finding?.range.start).toEqual(at(TYPO, 'dnoe'));
    // The emoji is two UTF-16 units: counted in code points, the column would be one less.
    expect(finding?.range.start.character).toBe(TYPO_LINE.indexOf('dnoe'));
    expect(finding?.range.end).toEqual(at(TYPO, 'dnoe', 0, 4));
    expect(finding?.severity).toBe(1);
    expect(finding?.codeDescription?.href).toMatch(/docs\/rules\/unknown-target\.md$/);
  });

  it('offers the rule fix and a disable comment with room for the reason as code actions', async () => {
    const range = { start: at(TYPO, 'dnoe'), end: at(TYPO, 'dnoe') };
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(main) }, range, context: { diagnostics: [] } })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred);
    expect(actions.filter((a) => a.isPreferred)).toHaveLength(1);
    expect(fix?.kind).toBe('quickfix');
    const fixed = applyEdits(TYPO, fix?.edit?.changes?.[uriOf(main)] ?? []);
    expect(fixed).toContain('to: done }');
    const disable = actions.find((a) => a.title.startsWith('Disable unknown-target'));
    const disabled = applyEdits(TYPO, disable?.edit?.changes?.[uriOf(main)] ?? []);
    expect(disabled).toContain(`      # journey-disable-next-line unknown-target --\n${TYPO_LINE}\n`);
    const all = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(main) }, range, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    expect(all.map((a) => a.kind)).toEqual(['source.fixAll.journey']);
    expect(applyEdits(TYPO, all[0]?.edit?.changes?.[uriOf(main)] ?? [])).toBe(TYPO.replace('to: dnoe', 'to: done'));
    // Offered among the quick fixes without its edit, which the client asks for when it is picked.
    const offered = actions.find((a) => a.kind === 'source.fixAll.journey');
    expect(offered?.edit).toBeUndefined();
    const resolved = await client.connection.sendRequest(CodeActionResolveRequest.type, offered as CodeAction);
    expect(applyEdits(TYPO, resolved.edit?.changes?.[uriOf(main)] ?? [])).toBe(TYPO.replace('to: dnoe', 'to: done'));
    const after = await client.change(main, disabled);
    expect(after.diagnostics.filter((d) => d.code === 'unknown-target')).toEqual([]);
  });

  it('asks for the reason a human-exit disable comment needs until it is written', async () => {
    const text = MAIN.replace('  greet:\n', '  # journey-disable-next-line human-exit --\n  greet:\n');
    const published = await client.change(main, text);
    expect(published.diagnostics.map((d) => d.code)).toContain('directive');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(main) }, position: at(text, 'human-exit', 0, 3) });
    expect((hover?.contents as MarkupContent).value).toContain('**human-exit**');
    expect((hover?.contents as MarkupContent).value).toContain('needs a written reason');
    await client.change(main, MAIN);
  });

  it('hovers a state with its type, the turns to a person and how it is reached; a field with its declaration', async () => {
    const state = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(main) }, position: at(MAIN, 'verified: greet', 0, 12) });
    const text = (state?.contents as MarkupContent).value;
    expect(text).toContain('bot state');
    expect(text).toContain('A person is 1 turn away: greet --refund--> agent.');
    expect(text).toContain('The customer gets here by check');
    expect(text).toContain('Entered from `check --(returns verified)-->`.');
    const field = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(main) }, position: at(MAIN, 'if: attempts', 0, 5) });
    expect((field?.contents as MarkupContent).value).toContain('**`attempts`**: number = `0`');
  });

  it('goes to the definition of a state, a field and a journey in another file', async () => {
    const state = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(main) }, position: at(MAIN, 'failed: agent', 0, 9) })) as Location;
    expect(state).toEqual({ uri: uriOf(main), range: { start: at(MAIN, '  agent:', 0, 2), end: at(MAIN, '  agent:', 0, 7) } });
    const field = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(main) }, position: at(MAIN, 'carry: [customer_id', 0, 9) })) as Location;
    expect(field.range.start).toEqual(at(MAIN, 'customer_id: { type'));
    const journey = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(main) }, position: at(MAIN, 'call: verify', 0, 7) })) as Location;
    expect(journey).toEqual({ uri: uriOf(join(root, 'verify.journey.yaml')), range: { start: at(CALLEE, 'verify'), end: at(CALLEE, 'verify', 0, 6) } });
  });

  it('finds the references of a state and of a context field', async () => {
    const states = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(main) }, position: at(MAIN, '  greet:', 0, 3), context: { includeDeclaration: true } })) as Location[];
    expect(states.map((l) => l.range.start)).toEqual([at(MAIN, '  greet:', 0, 2), at(MAIN, 'verified: greet', 0, 10), at(MAIN, 'to: greet', 0, 4)]);
    const fields = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(main) }, position: at(MAIN, 'attempts: {'), context: { includeDeclaration: false } })) as Location[];
    expect(fields.map((l) => l.range.start)).toEqual([at(MAIN, 'if: attempts', 0, 4), at(MAIN, 'set: { attempts', 0, 7), at(MAIN, 'attempts + 1')]);
  });

  it('renames a state across the file and refuses a name already taken', async () => {
    const position = at(MAIN, 'to: greet', 0, 5);
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uriOf(main) }, position });
    expect(prepared).toEqual({ range: { start: at(MAIN, 'to: greet', 0, 4), end: at(MAIN, 'to: greet', 0, 9) }, placeholder: 'greet' });
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(main) }, position, newName: 'welcome' });
    const renamed = applyEdits(MAIN, edit?.changes?.[uriOf(main)] ?? []);
    expect(renamed).not.toContain('greet');
    expect(renamed.match(/welcome/g)).toHaveLength(3);
    expect((await client.change(main, renamed)).diagnostics).toEqual([]);
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(main) }, position: at(renamed, 'to: welcome', 0, 5), newName: 'agent' })).rejects.toThrow(/already has a state `agent`/);
    await client.change(main, MAIN);
  });

  it('completes state ids in targets, fields in expressions, events under on: and rule ids in disable comments', async () => {
    const labels = async (text: string, position: Position): Promise<string[]> => {
      await client.change(main, text);
      const items = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(main) }, position })) as CompletionItem[];
      return items.map((i) => i.label);
    };
    const target = MAIN.replace('      bye: done', '      bye: ');
    expect(await labels(target, at(target, 'bye: ', 0, 5))).toEqual(['check', 'greet', 'agent', 'done']);
    const guard = MAIN.replace('if: attempts >= 2', 'if: ');
    expect(await labels(guard, at(guard, 'if: ', 0, 4))).toEqual(['attempts', 'customer_id']);
    const event = MAIN.replace('      bye: done', '      bye: done\n      r');
    expect(await labels(event, at(event, '      r\n', 0, 7))).toEqual(['refund', 'bye', 'agent_requested']);
    const comment = MAIN.replace('  greet:\n', '  # journey-disable-next-line \n  greet:\n');
    expect(await labels(comment, at(comment, 'next-line ', 0, 10))).toContain('human-exit');
    await client.change(main, MAIN);
  });

  it('lists states grouped by type and shows how far a person is from each bot state', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf(main) } })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(['refund']);
    expect(symbols[0]?.children?.map((g) => [g.name, g.children?.map((c) => c.name)])).toEqual([
      ['context', ['attempts', 'customer_id']],
      ['bot states', ['greet']],
      ['human states', ['agent']],
      ['call states', ['check']],
      ['end states', ['done']],
    ]);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(main) } });
    expect(lenses?.map((l) => [l.range.start, l.command?.title])).toEqual([[at(MAIN, '  greet:', 0, 2), 'a person is 1 turn away']]);
  });

  it('reports cross-file findings: a second file with the same journey id', async () => {
    const copy = join(root, 'copy.journey.yaml');
    const published = await client.open(copy, CALLEE);
    expect(published.diagnostics.map((d) => d.code)).toContain('duplicate-journey');
    await client.close(copy);
  });

  it('lints again when a file of the workspace is created or deleted on disk', async () => {
    const twin = join(root, 'twin.journey.yaml');
    writeFileSync(twin, MAIN);
    const found = client.nextDiagnostics(main, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(twin), type: FileChangeType.Created }] });
    expect((await found).diagnostics.map((d) => d.code)).toEqual(['duplicate-journey']);
    rmSync(twin);
    const gone = client.nextDiagnostics(main, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(twin), type: FileChangeType.Deleted }] });
    expect((await gone).diagnostics).toEqual([]);
  });

  it('shows the problems of journey.config.yaml as it is typed', async () => {
    const config = join(root, 'journey.config.yaml');
    const text = 'extends: recommended\nrules:\n  human-exitt: off\n';
    const published = await client.open(config, text);
    expect(published.diagnostics.map((d) => [d.range.start, d.code])).toEqual([[at(text, 'human-exitt'), 'schema']]);
    expect(published.diagnostics[0]?.codeDescription?.href).toMatch(/docs\/config\.md$/);
    expect(published.diagnostics[0]?.message).toContain('human-exit');
    await client.close(config);
  });

  it('exits 0 after shutdown and exit, having written nothing to stderr', async () => {
    expect(await client.stop()).toBe(0);
    expect(client.errors).toBe('');
  });
});

describe('journey lsp when the client goes away', () => {
  it('exits (1, the protocol says: no shutdown was asked for) without a stack trace when its input closes', async () => {
    ensureBuilt();
    const root = tempDir('lsp-gone');
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: root, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.end();
    expect(await exited).toBe(1);
    expect(stderr).not.toMatch(STACK);
  });
});
