import { resolve } from 'node:path';
import { buildDiagram } from '../show/diagram.js';
import { renderDot } from '../show/dot.js';
import { renderMermaid } from '../show/mermaid.js';
import { EXIT, UsageError } from './exit-codes.js';
import { loadRunSettings, type LoadCommandOptions } from './config.js';
import type { Io } from './io.js';
import { loadJourney } from './problems.js';
import { writeOutput } from './write.js';

/** Options of `journey graph`. */
export interface GraphCommandOptions extends LoadCommandOptions {
  format?: string;
  output?: string;
  expandOfframp?: boolean;
}

/** `journey graph FILE`: a Mermaid or DOT diagram of the journey, problem states highlighted. */
export async function runGraph(file: string, options: GraphCommandOptions, io: Io): Promise<number> {
  const format = options.format ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'dot') throw new UsageError(`unknown format "${format}"; use mermaid or dot.`);
  const settings = await loadRunSettings(options, io);
  if (!settings) return EXIT.USAGE;
  const loaded = await loadJourney(file, io, 'drawn', settings);
  if (!loaded) return EXIT.FINDINGS;
  const diagram = buildDiagram(loaded.journey, loaded.diagnostics, { expandOfframp: options.expandOfframp === true });
  const text = format === 'dot' ? renderDot(diagram) : renderMermaid(diagram);
  if (options.output) await writeOutput(resolve(io.cwd, options.output), text, `${format} diagram`);
  else io.stdout.write(text);
  return EXIT.OK;
}
