/**
 * A language client for tests: runs the REAL server (`node bin/journey.js lsp --stdio`) as a
 * child process and talks to it over its standard streams with the protocol connection of
 * vscode-languageserver-protocol, as an editor does.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { BIN, cleanEnv } from './cli.js';

/** The file URI of a path, as clients send them. */
export const uriOf = (path: string): string => pathToFileURL(path).href;

/** One running server and the connection to it. */
export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiting: { accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  private stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    child.stderr.on('data', (b: Buffer) => (this.stderr += b.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (let i = this.waiting.length - 1; i >= 0; i--) {
        const w = this.waiting[i] as (typeof this.waiting)[number];
        if (w.accept(params)) {
          this.waiting.splice(i, 1);
          w.resolve(params);
        }
      }
    });
    this.connection.listen();
  }

  /** Starts the server in `cwd` and initializes it with `root` as the workspace folder. */
  static async start(root: string, initializationOptions: Record<string, unknown> = {}): Promise<{ client: LspClient; init: InitializeResult }> {
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: root, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child);
    const init = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: 'test' }],
      capabilities: { general: { positionEncodings: ['utf-16'] }, textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } },
      initializationOptions,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, init };
  }

  /** What the server wrote to stderr (nothing, when all is well). */
  get errors(): string {
    return this.stderr;
  }

  /** The next diagnostics published for `path` at `version` (or already published). */
  diagnosticsFor(path: string, version: number): Promise<PublishDiagnosticsParams> {
    const uri = uriOf(path);
    const accept = (p: PublishDiagnosticsParams): boolean => p.uri === uri && p.version === version;
    const known = this.published.find(accept);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => this.waiting.push({ accept, resolve }));
  }

  /**
   * The next diagnostics published for `path` from now on that `accept` takes (after a change on
   * disk, say; runs already under way may publish first). A test waiting for what never comes fails on its timeout.
   */
  nextDiagnostics(path: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const uri = uriOf(path);
    return new Promise((resolve) => this.waiting.push({ accept: (p) => p.uri === uri && accept(p), resolve }));
  }

  /** Opens a document; resolves with the diagnostics published for it. */
  async open(path: string, text: string): Promise<PublishDiagnosticsParams> {
    this.versions.set(path, 1);
    const published = this.diagnosticsFor(path, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(path), languageId: 'yaml', version: 1, text } });
    return published;
  }

  /** Replaces a document's whole text; resolves with the diagnostics published for the new version. */
  async change(path: string, text: string): Promise<PublishDiagnosticsParams> {
    const version = (this.versions.get(path) ?? 0) + 1;
    this.versions.set(path, version);
    const published = this.diagnosticsFor(path, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(path), version }, contentChanges: [{ text }] });
    return published;
  }

  /** Closes a document. */
  async close(path: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(path) } });
  }

  /** `shutdown`, then `exit`; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Ends the server without the protocol (for a test that failed half way). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
