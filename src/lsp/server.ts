import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as node from 'vscode-languageserver/node';
import type {
  CodeAction,
  CompletionItem,
  Connection,
  Diagnostic as LspDiagnostic,
  DocumentSymbol,
  InitializeParams,
  InitializeResult,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Span, TextEdit } from '../diagnostics/diagnostic.js';
import { DIRECTIVE } from '../lint/directives.js';
import { loadRules } from '../rules/index.js';
import { BUILTIN_META } from '../rule-support/builtin-meta.js';
import type { RuleMeta } from '../rule-support/types.js';
import { actionsFor, fixAllEdit } from './actions.js';
import { completionsAt, type Completion } from './completion.js';
import { hoverAt } from './hover.js';
import { definitionAt, referencesAt, renameEdits, renameTargetAt } from './navigation.js';
import { lensesOf, outlineOf, type OutlineEntry } from './outline.js';
import type { DocumentPositions } from './positions.js';
import { documentKind, Workspace, type Analysis } from './workspace.js';

/** How long the server waits after the last change before linting (ms); clients may set `debounce` in initializationOptions. */
export const DEFAULT_DEBOUNCE_MS = 150;

/** Where the server reads requests and writes answers. */
export interface ServerStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** The code action kind of "fix all" (editors run `source.fixAll` actions on save when asked to). */
const FIX_ALL = 'source.fixAll.journey';
const FIX_ALL_TITLE = 'Fix all safe problems in the file (as journey lint --fix)';

/** Findings that say code is dead: editors fade it. */
const UNNECESSARY = new Set(['unreachable-state']);

/** Where a config file's findings are explained (the journey format's page is not about configs). */
const CONFIG_DOCS = 'https://github.com/journeyctl/journeyctl/blob/main/docs/config.md';

function toLspDiagnostic(d: Diagnostic, analysis: Analysis, rules: ReadonlyMap<string, RuleMeta>): LspDiagnostic {
  const href = analysis.kind === 'config' ? CONFIG_DOCS : rules.get(d.ruleId)?.docs;
  const unused = d.ruleId === DIRECTIVE && d.code === 'unused';
  return {
    range: analysis.positions.range(d.span),
    severity: d.severity === 'error' ? node.DiagnosticSeverity.Error : node.DiagnosticSeverity.Warning,
    code: d.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'journey',
    message: d.hint ? `${d.message}\n${d.hint}` : d.message,
    ...(UNNECESSARY.has(d.ruleId) || unused ? { tags: [node.DiagnosticTag.Unnecessary] } : {}),
  };
}

function toLspEdits(edits: readonly TextEdit[], positions: DocumentPositions): LspTextEdit[] {
  return edits.map((e) => ({ range: positions.range({ start: e.range[0], end: e.range[1] }), newText: e.text }));
}

const SYMBOL_KINDS: Readonly<Record<OutlineEntry['kind'], number>> = {
  journey: node.SymbolKind.Module,
  group: node.SymbolKind.Namespace,
  state: node.SymbolKind.Class,
  field: node.SymbolKind.Field,
};

function toSymbol(entry: OutlineEntry, positions: DocumentPositions): DocumentSymbol {
  const nameRange = positions.range(entry.nameSpan);
  const range = positions.range(entry.span);
  return {
    name: entry.name,
    ...(entry.detail ? { detail: entry.detail } : {}),
    kind: (entry.stateType === 'end' ? node.SymbolKind.Event : entry.stateType === 'human' ? node.SymbolKind.Interface : SYMBOL_KINDS[entry.kind]) as DocumentSymbol['kind'],
    range,
    selectionRange: nameRange,
    children: entry.children.map((c) => toSymbol(c, positions)),
  };
}

const COMPLETION_KINDS: Readonly<Record<Completion['kind'], number>> = {
  state: node.CompletionItemKind.EnumMember,
  field: node.CompletionItemKind.Field,
  event: node.CompletionItemKind.Event,
  rule: node.CompletionItemKind.Constant,
};

/**
 * Starts the journey language server on the given streams: diagnostics of the full rule
 * set on open and on change (debounced), code actions from fixes and suggestions and to
 * disable a rule for a line, hover, definition, references, rename of states, completion,
 * document symbols and "a person is N turns away" lenses. Returns once it listens; the
 * process ends on the protocol's `exit` (0 after `shutdown`) or when the input closes.
 */
export async function startServer(streams: ServerStreams): Promise<void> {
  const rules = await loadRules();
  const metas: RuleMeta[] = rules.map((r) => r.meta);
  const metaById = new Map<string, RuleMeta>([...BUILTIN_META, ...metas].map((m) => [m.id, m]));
  const connection: Connection = node.createConnection(streams.input, streams.output);
  const documents = new node.TextDocuments(TextDocument);
  const uris = new Map<string, string>();
  let workspace = new Workspace([]);
  let debounce = DEFAULT_DEBOUNCE_MS;
  let watchFiles = false;
  /** The client can ask for an action's edit when it is picked (`codeAction/resolve`). */
  let resolveEdits = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  /** Paths whose diagnostics the client was sent: cleared when a document closes. */
  const published = new Set<string>();

  const runLint = async (): Promise<void> => {
    try {
      for (const analysis of await workspace.lint()) {
        const uri = uris.get(analysis.path) ?? pathToFileURL(analysis.path).href;
        published.add(analysis.path);
        await connection.sendDiagnostics({ uri, version: analysis.version, diagnostics: analysis.diagnostics.map((d) => toLspDiagnostic(d, analysis, metaById)) });
      }
    } catch (error) {
      connection.console.error(`journey lsp: lint failed: ${(error as Error)?.message ?? String(error)}`);
    }
  };
  /** One run at a time; changes during a run start another when it ends. */
  const lintNow = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runLint();
      } while (again);
      running = undefined;
    })();
    return running;
  };
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void lintNow(), debounce);
  };
  /** The analysis of the document's current text, linting first when a change is still waiting. */
  const current = async (uri: string): Promise<Analysis | undefined> => {
    const path = pathOf(uri);
    if (!path) return undefined;
    // A run that failed leaves the document as it was: asked again a few times, then the answer is empty.
    for (let tries = 0; tries < 3 && !workspace.isCurrent(path) && workspace.document(path); tries++) await lintNow();
    if (!workspace.isCurrent(path)) return undefined;
    return workspace.analysis(path);
  };
  /** Records a document's text; false when it is not one the server lints, or this version is known already. */
  const track = (doc: TextDocument): boolean => {
    const path = pathOf(doc.uri);
    if (!path || !documentKind(path) || workspace.document(path)?.version === doc.version) return false;
    uris.set(path, doc.uri);
    workspace.update({ path, text: doc.getText(), version: doc.version });
    return true;
  };

  /** Lists the workspace's journey files; a folder that cannot be read is reported to the client's log, not thrown. */
  const discover = async (): Promise<void> => {
    try {
      await workspace.discover();
    } catch (error) {
      connection.console.error(`journey lsp: could not list the workspace's journeys: ${(error as Error)?.message ?? String(error)}`);
    }
  };

  const fixAllEditOf = async (uri: string, analysis: Analysis): Promise<WorkspaceEdit | undefined> => {
    const all = await fixAllEdit(analysis.positions.modelText, analysis.diagnostics, (text) => workspace.lintText(analysis.path, text));
    return all ? { changes: { [uri]: toLspEdits([all], analysis.positions) } } : undefined;
  };

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const folders = params.workspaceFolders?.map((f) => pathOf(f.uri)) ?? [params.rootUri ? pathOf(params.rootUri) : undefined];
    workspace = new Workspace(folders.filter((f): f is string => f !== undefined));
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    resolveEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    const options = params.initializationOptions as { debounce?: unknown } | undefined;
    if (typeof options?.debounce === 'number' && options.debounce >= 0) debounce = options.debounce;
    await discover();
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: node.TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [node.CodeActionKind.QuickFix, FIX_ALL], resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: [' ', ':', ',', '['] },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'journey' },
    };
  });

  connection.onInitialized(() => {
    // Files created, deleted or changed outside the editor: the workspace's journeys are listed again and linted.
    if (watchFiles) {
      void connection.client.register(node.DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.journey.{yaml,yml}' }, { globPattern: '**/journey.config.{yaml,yml}' }],
      });
    }
  });

  // An opened document is linted at once; TextDocuments then reports its content as a change too, which is known by then.
  documents.onDidOpen((e) => {
    if (track(e.document)) void lintNow();
  });
  documents.onDidChangeContent((e) => {
    if (track(e.document)) schedule();
  });
  documents.onDidClose((e) => {
    const path = pathOf(e.document.uri);
    if (!path) return;
    workspace.close(path);
    if (published.delete(path)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    schedule();
  });
  documents.onDidSave((e) => {
    // A saved config changes the settings of the files below it.
    if (pathOf(e.document.uri) && documentKind(pathOf(e.document.uri) as string) === 'config') void lintNow();
  });
  connection.onDidChangeWatchedFiles(async () => {
    await discover();
    schedule();
  });

  connection.onCodeAction(async (params) => {
    const analysis = await current(params.textDocument.uri);
    if (!analysis) return [];
    const p = analysis.positions;
    const range: Span = { start: p.offset(params.range.start), end: p.offset(params.range.end) };
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const out: CodeAction[] = !wants(node.CodeActionKind.QuickFix)
      ? []
      : actionsFor(p.modelText, analysis.diagnostics, range).map<CodeAction>((a) => ({
          title: a.title,
          kind: node.CodeActionKind.QuickFix,
          diagnostics: [toLspDiagnostic(a.diagnostic, analysis, metaById)],
          isPreferred: a.preferred,
          edit: { changes: { [params.textDocument.uri]: toLspEdits(a.edits, p) } },
        }));
    if (analysis.kind === 'journey' && wants(FIX_ALL) && analysis.diagnostics.some((d) => d.fix)) {
      const action: CodeAction = { title: FIX_ALL_TITLE, kind: FIX_ALL, data: { uri: params.textDocument.uri, version: analysis.version } };
      // Fixing to a fixed point lints the text again: asked for by kind (on save) it is done now, else when the action is picked.
      if (only?.some((o) => FIX_ALL.startsWith(o) && o.startsWith('source'))) {
        const edit = await fixAllEditOf(params.textDocument.uri, analysis);
        if (edit) out.push({ ...action, edit });
      } else if (resolveEdits) out.push(action);
    }
    return out;
  });

  connection.onCodeActionResolve(async (action) => {
    const data = action.data as { uri?: unknown; version?: unknown } | undefined;
    if (action.kind !== FIX_ALL || typeof data?.uri !== 'string') return action;
    const analysis = await current(data.uri);
    // A document that changed since the action was offered is fixed as it is now.
    const edit = analysis ? await fixAllEditOf(data.uri, analysis) : undefined;
    return edit ? { ...action, edit } : action;
  });

  connection.onHover(async (params) => {
    const analysis = await current(params.textDocument.uri);
    if (!analysis) return null;
    const hover = hoverAt(analysis, analysis.positions.offset(params.position), metaById);
    return hover ? { contents: { kind: node.MarkupKind.Markdown, value: hover.markdown }, range: analysis.positions.range(hover.span) } : null;
  });

  connection.onDefinition(async (params) => {
    const analysis = await current(params.textDocument.uri);
    if (!analysis) return null;
    const target = definitionAt(analysis, analysis.positions.offset(params.position));
    if (!target) return null;
    const positions = target.path === analysis.path ? analysis.positions : workspace.positionsOf(target.path);
    if (!positions) return null;
    return { uri: uris.get(target.path) ?? pathToFileURL(target.path).href, range: positions.range(target.span) };
  });

  connection.onReferences(async (params) => {
    const analysis = await current(params.textDocument.uri);
    if (!analysis) return [];
    return referencesAt(analysis, analysis.positions.offset(params.position), params.context.includeDeclaration).map((o) => ({ uri: params.textDocument.uri, range: analysis.positions.range(o.span) }));
  });

  connection.onPrepareRename(async (params) => {
    const analysis = await current(params.textDocument.uri);
    if (!analysis) return null;
    const target = renameTargetAt(analysis, analysis.positions.offset(params.position));
    return target ? { range: analysis.positions.range(target.span), placeholder: target.name } : null;
  });

  connection.onRenameRequest(async (params) => {
    const analysis = await current(params.textDocument.uri);
    if (!analysis) return null;
    const result = renameEdits(analysis, analysis.positions.offset(params.position), params.newName);
    if ('error' in result) throw new node.ResponseError(node.ErrorCodes.InvalidRequest, result.error);
    return { changes: { [params.textDocument.uri]: toLspEdits(result.edits, analysis.positions) } };
  });

  connection.onCompletion(async (params) => {
    const path = pathOf(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    if (!path || !doc || documentKind(path) !== 'journey') return [];
    // Completion answers the text as typed: names come from the last model that passed the schema.
    const analysis = workspace.isCurrent(path) ? workspace.analysis(path) : undefined;
    const journey = analysis?.journey ?? workspace.lastModel(path);
    const text = doc.getText();
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const offset = doc.offsetAt(params.position) - bom;
    return completionsAt(bom ? text.slice(1) : text, offset, journey, metas).map<CompletionItem>((c) => ({ label: c.label, kind: COMPLETION_KINDS[c.kind] as CompletionItem['kind'], detail: c.detail }));
  });

  connection.onDocumentSymbol(async (params) => {
    const analysis = await current(params.textDocument.uri);
    if (!analysis?.journey) return [];
    return outlineOf(analysis.journey).map((e) => toSymbol(e, analysis.positions));
  });

  connection.onCodeLens(async (params) => {
    const analysis = await current(params.textDocument.uri);
    if (!analysis) return [];
    return lensesOf(analysis).map((l) => ({ range: analysis.positions.range(l.span), command: { title: l.title, command: '' } }));
  });

  documents.listen(connection);
  connection.listen();
}
