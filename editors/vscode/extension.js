// A minimal client for `journey lsp`: starts the project's journeyctl language server and
// hands it journey files and journey.config.yaml. Everything else is the server's.
const { workspace } = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** Starts the server with the command of the `journeyctl.server.command` setting, in the first workspace folder. */
exports.activate = async function activate() {
  const [command, ...args] = workspace.getConfiguration('journeyctl').get('server.command');
  const cwd = workspace.workspaceFolders?.[0]?.uri.fsPath;
  client = new LanguageClient(
    'journeyctl',
    'journeyctl',
    // On Windows `npx` is a .cmd script, which only a shell runs.
    { command, args, options: { cwd, shell: process.platform === 'win32' } },
    {
      documentSelector: [
        { scheme: 'file', pattern: '**/*.journey.{yaml,yml}' },
        { scheme: 'file', pattern: '**/journey.config.{yaml,yml}' },
      ],
    },
  );
  await client.start();
};

/** Stops the server (shutdown, then exit) when the extension is deactivated. */
exports.deactivate = function deactivate() {
  return client?.stop();
};
