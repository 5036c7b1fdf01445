/** Variables ink (through is-in-ci) reads once, on its first import, to decide it runs in CI. */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/**
 * Loads ink and the play screens. ink treats a set `CI` as "no live terminal" and then
 * draws nothing until the app exits, which leaves `journey play` blank in a real terminal
 * whenever CI=true is exported (CI runners, some dev shells). play has already checked
 * that it has a terminal, so the CI variables are hidden from ink's one-time check and
 * restored at once.
 */
export async function loadTerminalUi(): Promise<typeof import('ink') & typeof import('./app.js')> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const [name] of saved) delete process.env[name];
  try {
    const [ink, app] = await Promise.all([import('ink'), import('./app.js')]);
    return { ...ink, ...app };
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
