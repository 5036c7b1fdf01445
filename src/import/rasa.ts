import { journeyIdFor, NameTable } from './names.js';
import type { SourceTree } from './sources.js';
import type { ImportOptions, JourneyDraft, PlatformImport } from './types.js';
import { analyseFlow, type FlowAnalysis } from './rasa/analysis.js';
import { FlowBuilder } from './rasa/flow.js';
import { analyseHandoff, analyseRepair, CANNOT_HANDLE_PATTERN, CLARIFICATION_PATTERN, HANDOFF_PATTERN } from './rasa/patterns.js';
import { readProject } from './rasa/project.js';

/** Patterns whose override the import reads (the rest are listed in the `digression` loss). */
const MODELLED_PATTERNS = new Set([HANDOFF_PATTERN, CANNOT_HANDLE_PATTERN, CLARIFICATION_PATTERN]);

/**
 * Imports a Rasa CALM project: one journey per flow (patterns excepted), a flow that
 * cannot be started (`if: False`) being a sub-journey; `call:` and `link:` become call
 * states; the overridden `pattern_human_handoff` decides whether asking for a person
 * reaches a human state (docs/import.md).
 */
function importRasa(tree: SourceTree, options: ImportOptions): PlatformImport {
  const project = readProject(tree);
  if (!project) return { journeys: [], problems: [] };
  if (!project.hasDomain) {
    tree.problem('', 'missing-target', 'No domain file (domain.yml or domain/*.yml) was found: slot types and response texts are unknown, so slots are imported as text and states say nothing.', undefined, { severity: 'warning' });
  }
  const handoff = analyseHandoff(tree, project);
  const repair = analyseRepair(tree, project);
  const journeyNames = new NameTable([], '-');
  const journeyIds = new Map<string, string>();
  const analyses = new Map<string, FlowAnalysis>();
  const otherPatterns: string[] = [];
  for (const flow of project.flows.values()) {
    if (flow.id.startsWith('pattern_')) {
      if (!MODELLED_PATTERNS.has(flow.id)) otherPatterns.push(flow.id);
      continue;
    }
    journeyIds.set(flow.id, journeyNames.name(flow.id, journeyIdFor(flow.id)));
    analyses.set(flow.id, analyseFlow(tree, flow));
  }
  const env = { tree, project, options, handoff, repair, journeyIds, analyses, otherPatterns };
  const journeys: JourneyDraft[] = [];
  for (const analysis of analyses.values()) journeys.push(new FlowBuilder(env, analysis).build());
  return { journeys, problems: [] };
}

export default importRasa;
