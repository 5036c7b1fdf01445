import { EXIT } from './exit-codes.js';

/**
 * `journey lsp`: starts the language server on standard input and output and returns
 * once it listens (the protocol then owns both streams; nothing else may write to stdout).
 * The server, and vscode-languageserver with it, is loaded only by this command.
 */
export async function runLsp(): Promise<number> {
  const { startServer } = await import('../lsp/server.js');
  await startServer({ input: process.stdin, output: process.stdout });
  return EXIT.OK;
}
