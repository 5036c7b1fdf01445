import { closeSync, openSync, readSync } from 'node:fs';
import type { Importer } from './index.js';
import { journeyIdFor, NameTable, snakeName } from './names.js';
import type { SourceTree } from './sources.js';
import type { ImportOptions, JourneyDraft, PlatformImport } from './types.js';
import { buildFlow, flowLabelOf, type BuiltFlow, type Callee } from './connect/build.js';
import { describeOutput, isFlow, readFlow, textOf, type Flow, type FlowAction } from './connect/read.js';

/**
 * Amazon Connect: a folder of contact flow exports (or one), in the flow language
 * (`Version: "2019-10-30"`, `Actions[]`) or the older `modules[]` schema. One journey
 * per flow; `TransferToFlow` to a flow of the import is a call of its journey.
 */
const importConnect: Importer = (tree: SourceTree, options: ImportOptions): PlatformImport => {
  const flows = readFlows(tree);
  if (flows.length === 0) return { journeys: [], problems: [] };
  const ids = new NameTable([], '-');
  const journeyIds = flows.map((flow, index) => ids.name(String(index), journeyIdFor(flow.name)));
  const links = new FlowLinks(flows);

  const built: (BuiltFlow | undefined)[] = flows.map((flow, index) =>
    buildFlow(flow, {
      tree,
      options,
      journey: journeyIds[index] as string,
      callee: (action) => links.callee(index, action, journeyIds),
    }),
  );

  // A flow another one transfers to is judged inside its callers (`sub_journey`), and gets the contact attributes they share.
  const byJourney = new Map<string, BuiltFlow>();
  built.forEach((b, index) => b && byJourney.set(journeyIds[index] as string, b));
  const called = new Set<string>();
  for (const caller of built) {
    for (const call of caller?.calls ?? []) {
      called.add(call.callee);
      const callee = byJourney.get(call.callee);
      if (!caller || !callee) continue;
      const input: Record<string, string> = {};
      for (const [attribute, field] of callee.fields.attributes) {
        const mine = caller.fields.attributes.get(attribute);
        if (mine) input[field] = mine;
      }
      if (Object.keys(input).length === 0) continue;
      const source = call.state['x-source'];
      delete call.state['x-source'];
      call.state.input = input;
      call.state['x-source'] = source;
    }
  }

  const journeys: JourneyDraft[] = [];
  built.forEach((b, index) => {
    if (!b) return;
    const flow = flows[index] as Flow;
    const id = journeyIds[index] as string;
    const { journey: _journey, title, description, ...rest } = b.document;
    const document: Record<string, unknown> = { journey: id, title, ...(description !== undefined ? { description } : {}), ...(called.has(id) ? { sub_journey: true } : {}), ...rest };
    journeys.push({
      id,
      source: tree.point(flow.file, flow.file.data, flow.name),
      document,
      losses: b.losses,
      notes: [
        flow.schema === 'legacy'
          ? 'Read from the older Connect export schema (`modules[]`); block types are named here by their flow-language names.'
          : 'Read from the Connect flow language (Version 2019-10-30).',
        'Key presses are the events `press_<key>`; Lex intents are events named after the intent.',
      ],
    });
  });
  return { journeys, problems: [] };
};

export default importConnect;

/** Folder imports read `.json` files and files without an extension that start like JSON (the console's own downloads have none). */
function candidates(tree: SourceTree): string[] {
  if (tree.isFile) return [...tree.files()];
  return tree.files().filter((rel) => {
    const name = rel.split('/').pop() ?? rel;
    if (/\.json$/i.test(name)) return true;
    if (name.includes('.')) return false;
    return startsLikeJson(tree.absolute(rel));
  });
}

function startsLikeJson(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(64);
    const n = readSync(fd, buffer, 0, 64, 0);
    return /^\s*\{/.test(buffer.subarray(0, n).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The flows of the export, in file order; what is not a flow is a problem only when nothing is. */
function readFlows(tree: SourceTree): Flow[] {
  const flows: Flow[] = [];
  const before = tree.problems.length;
  let unreadable = false;
  for (const rel of candidates(tree)) {
    const file = tree.read(rel);
    if (!file) {
      unreadable = true;
      continue;
    }
    const described = describeOutput(file.data);
    if (described) {
      tree.problem(file, 'not-an-export', described.reason, described.at);
      unreadable = true;
      continue;
    }
    if (isFlow(file.data)) {
      const flow = readFlow(tree, file);
      if (flow) flows.push(flow);
    } else if (tree.isFile) {
      tree.problem(file, 'not-an-export', 'This file is not an Amazon Connect contact flow: a flow has `Version`, `StartAction` and `Actions` (or, in the older schema, `modules` and `start`).', { value: file.data });
      unreadable = true;
    }
  }
  if (flows.length === 0 && !unreadable && tree.problems.length === before) {
    tree.problem('', 'not-an-export', `No Amazon Connect contact flow was found in ${tree.root}: export the flows from the flow designer (Save > Export flow) and import the folder of .json files.`);
  }
  return flows;
}

/** The flows' `TransferToFlow` links, with the ones that would make a journey call itself cut. */
class FlowLinks {
  private readonly byName = new Map<string, number>();
  private readonly targets = new Map<string, number>();
  private readonly cut = new Set<string>();

  constructor(private readonly flows: readonly Flow[]) {
    flows.forEach((flow, index) => {
      const base = (flow.file.rel.split('/').pop() ?? '').replace(/\.json$/i, '');
      for (const key of [flow.name, base]) {
        const k = key.trim().toLowerCase();
        if (k && !this.byName.has(k)) this.byName.set(k, index);
      }
    });
    flows.forEach((flow, index) => {
      for (const action of flow.actions) {
        if (action.type !== 'TransferToFlow') continue;
        const target = this.find(action);
        if (target !== undefined) this.targets.set(`${index}|${action.id}`, target);
      }
    });
    this.cutCycles();
  }

  /** The imported flow an action transfers to: by the flow name the designer saw, by template name, or by flow id. */
  private find(action: FlowAction): number | undefined {
    const reference = textOf(action.parameters.ContactFlowId) ?? '';
    const template = /^\{\{\s*[\w-]+\.([^.}]+)\.\w+\s*\}\}$/.exec(reference)?.[1];
    const arnId = /contact-flow\/([^/]+)$/.exec(reference)?.[1];
    for (const key of [flowLabelOf(action), template, arnId, reference]) {
      const k = key?.trim().toLowerCase();
      const hit = k ? this.byName.get(k) : undefined;
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Depth-first in file order; a link back to a flow still being walked would be a call cycle. */
  private cutCycles(): void {
    const state = new Map<number, 'open' | 'done'>();
    const walk = (index: number): void => {
      state.set(index, 'open');
      for (const action of (this.flows[index] as Flow).actions) {
        const key = `${index}|${action.id}`;
        const target = this.targets.get(key);
        if (target === undefined) continue;
        const seen = state.get(target);
        if (seen === 'open') this.cut.add(key);
        else if (seen === undefined) walk(target);
      }
      state.set(index, 'done');
    };
    this.flows.forEach((_, index) => state.has(index) || walk(index));
  }

  callee(from: number, action: FlowAction, journeyIds: readonly string[]): Callee {
    const key = `${from}|${action.id}`;
    const target = this.targets.get(key);
    const label = target !== undefined ? (this.flows[target] as Flow).name : flowLabelOf(action);
    const end = `transferred_to_${snakeName(label, 'flow')}`.slice(0, 60).replace(/_+$/, '');
    if (target === undefined) return { end, kind: 'flow-not-imported', label };
    if (this.cut.has(key)) return { end, kind: 'flow-cycle', label };
    return { journey: journeyIds[target] as string };
  }
}
