import { emitJourney } from './emit.js';
import { SourceTree } from './sources.js';
import type { ImportOptions, ImportResult, Platform, PlatformImport } from './types.js';

/** An importer: reads a bot export through a SourceTree, never throws on the export's content. */
export type Importer = (tree: SourceTree, options: ImportOptions) => PlatformImport;

/** Platforms whose exports are YAML (the others are JSON, read without loading the yaml package). */
const YAML_PLATFORMS: ReadonlySet<Platform> = new Set(['rasa', 'copilot-studio']);

/** Each platform's importer, loaded only when that platform is imported. */
const IMPORTERS: Readonly<Record<Platform, () => Promise<{ default: Importer }>>> = {
  rasa: () => import('./rasa.js'),
  'dialogflow-cx': () => import('./dialogflow-cx.js'),
  connect: () => import('./connect.js'),
  'copilot-studio': () => import('./copilot-studio.js'),
};

/**
 * Imports a bot: reads the export at `path` (a folder, or one file where the platform
 * has single-file exports) and returns one journey file per flow, with the problems of
 * the input, positioned in its files. The journeys are sorted by id; the bytes depend
 * only on the export and the options.
 */
export async function importBot(platform: Platform, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const yaml = YAML_PLATFORMS.has(platform) ? (await import('../load/yaml.js')).parseYaml : undefined;
  const tree = new SourceTree(platform, path, yaml);
  if (!tree.exists()) {
    tree.problem('', 'not-an-export', `There is nothing at ${path}: give the folder (or file) of a ${platform} export.`);
    return { platform, root: tree.root, base: tree.base, journeys: [], problems: tree.problems };
  }
  const importer = (await IMPORTERS[platform]()).default;
  const drafts = importer(tree, options);
  const journeys = drafts.journeys.map((d) => emitJourney(platform, d, options)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { platform, root: tree.root, base: tree.base, journeys, problems: [...tree.problems, ...drafts.problems] };
}

export { PLATFORMS, isPlatform } from './types.js';
export type { ImportedJourney, ImportLoss, ImportOptions, ImportProblem, ImportResult, JourneyDraft, Platform, SourcePoint } from './types.js';
