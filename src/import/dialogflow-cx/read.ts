import type { SourceFile, SourceTree } from '../sources.js';

/** A JSON object of the export. */
export type Obj = Readonly<Record<string, unknown>>;

/** True for a JSON object (not a list, not null). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A list field of an object, or [] (a wrong shape is reported by the caller where it matters). */
export function listOf(o: Obj | undefined, key: string): readonly unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}

/** A string field, or undefined. */
export function stringOf(o: Obj | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** One object of the export and the file it is in. */
export interface Located {
  readonly file: SourceFile;
  readonly value: Obj;
}

/** A page of a flow. */
export interface PageSource extends Located {
  readonly displayName: string;
}

/** A transition route group (of a flow, or of the agent). */
export interface GroupSource extends Located {
  readonly displayName: string;
}

/** A flow: its own object (the flow's START page), its pages and route groups. */
export interface FlowSource extends Located {
  readonly displayName: string;
  readonly pages: PageSource[];
  /** Pages by display name, resource name and the resource name's last segment. */
  readonly pageByRef: Map<string, PageSource>;
  /** Page names whose files could not be read: references to them are not reported twice. */
  readonly brokenPages: Set<string>;
  readonly groupByRef: Map<string, GroupSource>;
}

/** An intent: its display name and the parameters it extracts. */
export interface IntentSource {
  readonly displayName: string;
  readonly parameters: readonly string[];
}

/** The whole agent, read once. */
export interface AgentSource {
  /** `agent.json` (folder export) or the file itself (single-file export). */
  readonly agentFile: SourceFile;
  readonly agent: Obj | undefined;
  readonly flows: FlowSource[];
  readonly flowByRef: Map<string, FlowSource>;
  readonly agentGroupByRef: Map<string, GroupSource>;
  readonly intentByRef: Map<string, IntentSource>;
  readonly webhookByRef: Map<string, string>;
  /** Display name of the start flow (agent's `startFlow`, else `Default Start Flow`, else the first flow). */
  readonly startFlow: FlowSource | undefined;
}

/** The last segment of a resource name (`projects/p/.../pages/abc` -> `abc`). */
export function lastSegment(ref: string): string {
  const at = ref.lastIndexOf('/');
  return at < 0 ? ref : ref.slice(at + 1);
}

function register<T>(map: Map<string, T>, value: T, displayName: string, name: string | undefined): void {
  if (!map.has(displayName)) map.set(displayName, value);
  if (name) {
    if (!map.has(name)) map.set(name, value);
    const last = lastSegment(name);
    if (!map.has(last)) map.set(last, value);
  }
}

/** Looks a reference up by its exact spelling, then by its resource name's last segment. */
export function lookup<T>(map: ReadonlyMap<string, T>, ref: string): T | undefined {
  return map.get(ref) ?? map.get(lastSegment(ref));
}

/** `%3e collect cvv` -> `> collect cvv` (the export escapes characters file systems refuse). */
function unescapeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

const FLOW_FILE = /^flows\/([^/]+)\/([^/]+)\.json$/;
const PAGE_FILE = /^flows\/([^/]+)\/pages\/([^/]+)\.json$/;
const FLOW_GROUP_FILE = /^flows\/([^/]+)\/transitionRouteGroups\/([^/]+)\.json$/;
const AGENT_GROUP_FILE = /^transitionRouteGroups\/([^/]+)\.json$/;
const INTENT_FILE = /^intents\/([^/]+)\/([^/]+)\.json$/;
const WEBHOOK_FILE = /^webhooks\/([^/]+)\.json$/;

function emptyFlow(file: SourceFile, value: Obj, displayName: string): FlowSource {
  return { file, value, displayName, pages: [], pageByRef: new Map(), brokenPages: new Set(), groupByRef: new Map() };
}

function intentOf(value: Obj, displayName: string): IntentSource {
  const parameters = listOf(value, 'parameters')
    .map((p) => (isObj(p) ? (stringOf(p, 'id') ?? stringOf(p, 'displayName')) : undefined))
    .filter((p): p is string => p !== undefined);
  return { displayName, parameters };
}

function finish(agentFile: SourceFile, agent: Obj | undefined, flows: FlowSource[], agentGroupByRef: Map<string, GroupSource>, intentByRef: Map<string, IntentSource>, webhookByRef: Map<string, string>): AgentSource {
  const flowByRef = new Map<string, FlowSource>();
  for (const f of flows) register(flowByRef, f, f.displayName, stringOf(f.value, 'name'));
  const named = stringOf(agent, 'startFlow');
  const startFlow = (named ? lookup(flowByRef, named) : undefined) ?? flowByRef.get('Default Start Flow') ?? flows[0];
  return { agentFile, agent, flows, flowByRef, agentGroupByRef, intentByRef, webhookByRef, startFlow };
}

/**
 * Reads a folder export: every file once, in sorted order. Undefined (with a
 * `not-an-export` problem) when the folder has neither `agent.json` nor flows.
 */
export function readFolder(tree: SourceTree): AgentSource | undefined {
  const files = tree.files();
  const flowFiles = files.filter((f) => {
    const m = FLOW_FILE.exec(f);
    return m !== null && m[1] === m[2];
  });
  if (!files.includes('agent.json') && flowFiles.length === 0) {
    tree.problem('', 'not-an-export', 'This folder is not a Dialogflow CX agent export: it has no `agent.json` and no `flows/<Flow>/<Flow>.json`.', undefined, {
      hint: 'Export the agent as a JSON package (Agent settings > Export, or `agents.export` with dataFormat JSON_PACKAGE), unzip it, and import the folder.',
    });
    return undefined;
  }
  const agentFile = files.includes('agent.json') ? tree.read('agent.json') : undefined;
  const agent = agentFile && isObj(agentFile.data) ? agentFile.data : undefined;
  if (agentFile && !agent) tree.problem(agentFile, 'bad-shape', '`agent.json` should hold one JSON object (the agent\'s settings).');

  const flows: FlowSource[] = [];
  const flowByFolder = new Map<string, FlowSource>();
  for (const rel of flowFiles) {
    const folder = (FLOW_FILE.exec(rel) as RegExpExecArray)[1] as string;
    const file = tree.read(rel);
    if (!file) continue;
    if (!isObj(file.data)) {
      tree.problem(file, 'bad-shape', 'A flow file should hold one JSON object (the flow).');
      continue;
    }
    const flow = emptyFlow(file, file.data, stringOf(file.data, 'displayName') ?? unescapeName(folder));
    flows.push(flow);
    flowByFolder.set(folder, flow);
  }
  const agentGroupByRef = new Map<string, GroupSource>();
  const intentByRef = new Map<string, IntentSource>();
  const webhookByRef = new Map<string, string>();
  for (const rel of files) {
    let m: RegExpExecArray | null;
    if ((m = PAGE_FILE.exec(rel)) || (m = FLOW_GROUP_FILE.exec(rel))) {
      const flow = flowByFolder.get(m[1] as string);
      const isPage = PAGE_FILE.test(rel);
      if (!flow) {
        tree.problem(rel, 'bad-shape', `This ${isPage ? 'page' : 'route group'} is in \`flows/${m[1]}/\`, which has no \`${m[1]}.json\` flow file; it is not imported.`, undefined, { severity: 'warning' });
        continue;
      }
      const fallbackName = unescapeName(m[2] as string);
      const file = tree.read(rel);
      if (!file || !isObj(file.data)) {
        if (file) tree.problem(file, 'bad-shape', `A ${isPage ? 'page' : 'route group'} file should hold one JSON object.`);
        if (isPage) flow.brokenPages.add(fallbackName);
        continue;
      }
      const displayName = stringOf(file.data, 'displayName') ?? fallbackName;
      if (isPage) {
        const page = { file, value: file.data, displayName };
        flow.pages.push(page);
        register(flow.pageByRef, page, displayName, stringOf(file.data, 'name'));
      } else register(flow.groupByRef, { file, value: file.data, displayName }, displayName, stringOf(file.data, 'name'));
    } else if ((m = AGENT_GROUP_FILE.exec(rel))) {
      const file = tree.read(rel);
      if (!file || !isObj(file.data)) continue;
      const displayName = stringOf(file.data, 'displayName') ?? unescapeName(m[1] as string);
      register(agentGroupByRef, { file, value: file.data, displayName }, displayName, stringOf(file.data, 'name'));
    } else if ((m = INTENT_FILE.exec(rel)) && m[1] === m[2]) {
      const file = tree.read(rel);
      if (!file || !isObj(file.data)) continue;
      const displayName = stringOf(file.data, 'displayName') ?? unescapeName(m[1] as string);
      register(intentByRef, intentOf(file.data, displayName), displayName, stringOf(file.data, 'name'));
    } else if ((m = WEBHOOK_FILE.exec(rel))) {
      const file = tree.read(rel);
      if (!file || !isObj(file.data)) continue;
      const displayName = stringOf(file.data, 'displayName') ?? unescapeName(m[1] as string);
      register(webhookByRef, displayName, displayName, stringOf(file.data, 'name'));
    }
  }
  if (!agentFile) {
    tree.problem('', 'bad-shape', 'The export has no `agent.json`; the start flow is taken to be `Default Start Flow`.', undefined, { severity: 'warning' });
  }
  const first = flows[0];
  if (!agentFile && !first) return undefined;
  return finish(agentFile ?? (first as FlowSource).file, agent, flows, agentGroupByRef, intentByRef, webhookByRef);
}

/** The flow id inside a resource name (`.../flows/<id>/pages/<id>` -> `<id>`). */
function flowIdOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const m = /\/flows\/([^/]+)\//.exec(name);
  return m ? m[1] : undefined;
}

/**
 * Reads the single-file export (docs/import.md, "Dialogflow CX", "Single-file export"):
 * `{ agent?, flows: [Flow & { pages?, transitionRouteGroups? }], pages?, transitionRouteGroups?,
 * intents?, webhooks? }`, references by display name or resource name.
 */
export function readSingleFile(tree: SourceTree, rel: string): AgentSource | undefined {
  const file = tree.read(rel);
  if (!file) return undefined;
  const data = file.data;
  if (!isObj(data) || !Array.isArray(data.flows)) {
    tree.problem(file, 'not-an-export', 'This file is not a Dialogflow CX export: a single-file export is one JSON object with a `flows` list.', undefined, {
      hint: 'Import the unzipped JSON package folder (it has `agent.json` and `flows/`), or one JSON file with `flows`, `pages` and `intents` lists.',
    });
    return undefined;
  }
  const agent = isObj(data.agent) ? data.agent : undefined;
  const flows: FlowSource[] = [];
  const flowById = new Map<string, FlowSource>();
  const flowByName = new Map<string, FlowSource>();
  for (const [index, value] of (data.flows as unknown[]).entries()) {
    if (!isObj(value)) {
      tree.problem(file, 'bad-shape', `Flow ${index + 1} of \`flows\` should be an object.`, { value, parent: data.flows, key: index });
      continue;
    }
    const displayName = stringOf(value, 'displayName') ?? stringOf(value, 'name');
    if (!displayName) {
      tree.problem(file, 'bad-shape', `Flow ${index + 1} of \`flows\` has no \`displayName\`; it is not imported.`, { value });
      continue;
    }
    const flow = emptyFlow(file, value, displayName);
    flows.push(flow);
    const name = stringOf(value, 'name');
    if (name) flowById.set(lastSegment(name), flow);
    if (!flowByName.has(displayName)) flowByName.set(displayName, flow);
  }
  const addPage = (flow: FlowSource, value: unknown, parent: unknown, key: number): void => {
    if (!isObj(value)) {
      tree.problem(file, 'bad-shape', 'A page should be an object.', { value, parent, key });
      return;
    }
    const displayName = stringOf(value, 'displayName');
    if (!displayName) {
      tree.problem(file, 'bad-shape', 'This page has no `displayName`; it is not imported.', { value });
      return;
    }
    const page = { file, value, displayName };
    flow.pages.push(page);
    register(flow.pageByRef, page, displayName, stringOf(value, 'name'));
  };
  const addGroup = (map: Map<string, GroupSource>, value: unknown): void => {
    if (!isObj(value)) return;
    const displayName = stringOf(value, 'displayName');
    if (displayName) register(map, { file, value, displayName }, displayName, stringOf(value, 'name'));
  };
  for (const flow of flows) {
    const pages = flow.value.pages;
    if (Array.isArray(pages)) pages.forEach((p, i) => addPage(flow, p, pages, i));
    for (const g of listOf(flow.value, 'transitionRouteGroups')) if (isObj(g)) addGroup(flow.groupByRef, g);
  }
  const agentGroupByRef = new Map<string, GroupSource>();
  const topPages = data.pages;
  if (Array.isArray(topPages)) {
    topPages.forEach((p, i) => {
      const owner = isObj(p) ? (stringOf(p, 'flow') ?? flowIdOf(stringOf(p, 'name'))) : undefined;
      const flow = owner ? (flowById.get(lastSegment(owner)) ?? flowByName.get(owner)) : undefined;
      if (!flow) {
        tree.problem(file, 'missing-target', 'This page names no flow of the file (`flow`, or a resource `name` with `/flows/<id>/`); it is not imported.', { value: p, parent: topPages, key: i });
        return;
      }
      addPage(flow, p, topPages, i);
    });
  }
  for (const g of listOf(data, 'transitionRouteGroups')) {
    if (!isObj(g)) continue;
    const id = flowIdOf(stringOf(g, 'name'));
    const flow = id ? flowById.get(id) : undefined;
    addGroup(flow ? flow.groupByRef : agentGroupByRef, g);
  }
  const intentByRef = new Map<string, IntentSource>();
  for (const i of listOf(data, 'intents')) {
    if (!isObj(i)) continue;
    const displayName = stringOf(i, 'displayName');
    if (displayName) register(intentByRef, intentOf(i, displayName), displayName, stringOf(i, 'name'));
  }
  const webhookByRef = new Map<string, string>();
  for (const w of listOf(data, 'webhooks')) {
    if (!isObj(w)) continue;
    const displayName = stringOf(w, 'displayName');
    if (displayName) register(webhookByRef, displayName, displayName, stringOf(w, 'name'));
  }
  return finish(file, agent, flows, agentGroupByRef, intentByRef, webhookByRef);
}
