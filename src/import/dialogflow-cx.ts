import type { Importer } from './index.js';
import type { SourceTree } from './sources.js';
import type { ImportOptions } from './types.js';
import { AgentImport } from './dialogflow-cx/journey.js';
import { buildJourneys } from './dialogflow-cx/pages.js';
import { readFolder, readSingleFile } from './dialogflow-cx/read.js';

/**
 * Dialogflow CX: an unzipped JSON package folder (`agent.json`, `flows/`, `intents/`...)
 * or one JSON file with a `flows` list; one journey per flow (docs/import.md).
 */
const importDialogflowCx: Importer = (tree: SourceTree, options: ImportOptions) => {
  const agent = tree.isFile ? readSingleFile(tree, tree.files()[0] as string) : readFolder(tree);
  if (!agent) return { journeys: [], problems: [] };
  if (agent.flows.length === 0) {
    tree.problem(agent.agentFile, 'not-an-export', 'The export has no flows that could be read, so there is nothing to import.');
    return { journeys: [], problems: [] };
  }
  return { journeys: buildJourneys(new AgentImport(tree, agent, options)), problems: [] };
};

export default importDialogflowCx;
