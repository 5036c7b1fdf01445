// Microsoft Copilot Studio: topic YAML files (`kind: AdaptiveDialog`), as the VS Code
// extension clones an agent (`topics/*.mcs.yml`) or as single topic files. Each topic a
// customer starts by intent (OnRecognizedIntent) is a journey; topics only other topics
// start (BeginDialog) are sub-journeys; the Escalate and Fallback system topics are not
// journeys but decide every journey's way to a person (docs/import.md).
import type { Importer } from './index.js';
import { journeyIdFor, NameTable } from './names.js';
import type { SourceFile, SourceTree } from './sources.js';
import type { ImportOptions, JourneyDraft, PlatformImport } from './types.js';
import { actionsUnder, dialogName, isMapping, type Bot, type CompiledTopic, type Escalation, type Mapping, type Topic } from './copilot-studio/model.js';
import { TopicCompiler } from './copilot-studio/topic.js';

/** `topics/Escalate.mcs.yml` -> `Escalate`, `Greeting.topic.mcs.yml` -> `Greeting`. */
function schemaName(rel: string): string {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return base.replace(/\.ya?ml$/i, '').replace(/\.mcs$/i, '').replace(/\.topic$/i, '');
}

function displayNameOf(file: SourceFile, root: Mapping, begin: Mapping, schema: string): string {
  const intent = begin.intent;
  if (isMapping(intent) && typeof intent.displayName === 'string' && intent.displayName.trim() !== '') return intent.displayName.trim();
  const meta = root['mcs.metadata'];
  if (isMapping(meta) && typeof meta.componentName === 'string' && meta.componentName.trim() !== '') return meta.componentName.trim();
  // The VS Code extension writes the topic's name as the file's first comment.
  const comment = /^#\s*Name:\s*(.+?)\s*$/m.exec(file.text.split(/\r\n|\r|\n/).slice(0, 5).join('\n'));
  return comment ? (comment[1] as string) : schema;
}

/** True when a settings file of the agent turns generative orchestration on. */
function generativeSetting(value: unknown, depth = 0): boolean {
  if (depth > 6 || typeof value !== 'object' || value === null) return false;
  if (!Array.isArray(value) && (value as Mapping).GenerativeActionsEnabled === true) return true;
  return Object.values(value).some((v) => generativeSetting(v, depth + 1));
}

/** Reads every topic file of the export, reporting the files that look like topics but are not. */
function readTopics(tree: SourceTree): { topics: Topic[]; generative: boolean } {
  const topics: Topic[] = [];
  let generative = false;
  for (const rel of tree.files()) {
    if (!/\.ya?ml$/i.test(rel) || /\.journey\.ya?ml$/i.test(rel)) continue;
    const file = tree.read(rel);
    if (!file || !isMapping(file.data)) continue;
    const root = file.data;
    if (root.kind !== 'AdaptiveDialog') {
      if (generativeSetting(root)) generative = true;
      continue;
    }
    const begin = root.beginDialog;
    if (!isMapping(begin) || typeof begin.kind !== 'string' || !/^On[A-Z]/.test(begin.kind)) {
      tree.problem(file, 'bad-shape', 'A topic needs a `beginDialog` with a trigger `kind` such as `OnRecognizedIntent`; this topic is skipped.', { value: isMapping(begin) ? begin : root });
      continue;
    }
    let actions: readonly unknown[] = [];
    if (Array.isArray(begin.actions)) actions = begin.actions;
    else if (begin.actions !== undefined) tree.problem(file, 'bad-shape', '`actions` must be a list of actions; the topic is imported without them.', { value: begin.actions, parent: begin, key: 'actions' });
    const schema = schemaName(rel);
    topics.push({ file, schema, displayName: displayNameOf(file, root, begin, schema), trigger: begin.kind, root, begin, actions });
  }
  return { topics, generative };
}

function calls(topic: Topic, find: (dialog: string) => Topic | undefined): Topic[] {
  const out: Topic[] = [];
  for (const action of actionsUnder(topic.actions)) {
    const dialogs = [action.kind === 'BeginDialog' ? action.dialog : undefined, action.fallbackDialogOnInvalidEntity];
    const voice = action.voiceInputSettings;
    if (isMapping(voice)) dialogs.push(voice.fallbackDialogOnSilence);
    for (const d of dialogs) {
      const callee = typeof d === 'string' ? find(d) : undefined;
      if (callee && !out.includes(callee)) out.push(callee);
    }
  }
  return out;
}

function isTransfer(action: Mapping): boolean {
  return action.kind === 'TransferConversationV2' || action.kind === 'TransferConversation';
}

/** The messages just before a transfer in its own action list. */
function messagesBefore(list: readonly unknown[], transfer: Mapping): Mapping[] | undefined {
  const at = list.indexOf(transfer);
  if (at >= 0) {
    const out: Mapping[] = [];
    for (let i = at - 1; i >= 0; i--) {
      const a = list[i];
      if (!isMapping(a) || a.kind !== 'SendActivity') break;
      out.unshift(a);
    }
    return out;
  }
  for (const a of list) {
    if (!isMapping(a) || a.kind !== 'ConditionGroup') continue;
    const branches = [...(Array.isArray(a.conditions) ? a.conditions : []).map((c) => (isMapping(c) && Array.isArray(c.actions) ? c.actions : [])), Array.isArray(a.elseActions) ? a.elseActions : []];
    for (const b of branches) {
      const found = messagesBefore(b, transfer);
      if (found) return found;
    }
  }
  return undefined;
}

/** `System.FallbackCount < 3 ... else escalate` -> 3: the count at which the Fallback topic escalates. */
function fallbackEscalation(topics: readonly Topic[], escalates: (list: readonly unknown[]) => boolean): number | undefined {
  for (const topic of topics) {
    if (topic.trigger !== 'OnUnknownIntent') continue;
    for (const action of actionsUnder(topic.actions)) {
      if (action.kind !== 'ConditionGroup' || !Array.isArray(action.conditions) || action.conditions.length !== 1) continue;
      const item = action.conditions[0];
      if (!isMapping(item) || typeof item.condition !== 'string') continue;
      const test = /^\s*=\s*System\.FallbackCount\s*(<=|<|>=|>|=)\s*(\d+)\s*$/.exec(item.condition);
      if (!test) continue;
      const [op, limit] = [test[1] as string, Number(test[2])];
      const holds = (n: number): boolean => (op === '<' ? n < limit : op === '<=' ? n <= limit : op === '>' ? n > limit : op === '>=' ? n >= limit : n === limit);
      const thenEscalates = escalates(Array.isArray(item.actions) ? item.actions : []);
      const elseEscalates = escalates(Array.isArray(action.elseActions) ? action.elseActions : []);
      if (thenEscalates === elseEscalates) continue;
      for (let n = 1; n <= 100; n++) if (holds(n) === thenEscalates) return n;
    }
  }
  return undefined;
}

const importCopilotStudio: Importer = (tree: SourceTree, options: ImportOptions): PlatformImport => {
  const { topics, generative } = readTopics(tree);
  if (topics.length === 0) {
    if (tree.problems.length === 0) {
      tree.problem(
        tree.isFile ? (tree.files()[0] as string) : '',
        'not-an-export',
        `No Copilot Studio topic in ${tree.isFile ? 'this file' : 'this folder'}: topics are YAML files with \`kind: AdaptiveDialog\` (topics/*.mcs.yml when the VS Code extension clones an agent).`,
      );
    }
    return { journeys: [], problems: [] };
  }
  const bySchema = new Map<string, Topic>();
  for (const t of topics) if (!bySchema.has(t.schema.toLowerCase())) bySchema.set(t.schema.toLowerCase(), t);
  const topicFor = (dialog: string): Topic | undefined => bySchema.get(dialogName(dialog).toLowerCase());

  // Who calls whom, and which calls close a circle (they are cut: journeys cannot recurse).
  const edges = new Map<Topic, Topic[]>(topics.map((t) => [t, calls(t, topicFor)]));
  const reaches = (from: Topic, to: Topic): boolean => {
    const seen = new Set<Topic>([from]);
    const queue = [from];
    while (queue.length > 0) {
      const t = queue.shift() as Topic;
      if (t === to) return true;
      for (const n of edges.get(t) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        queue.push(n);
      }
    }
    return false;
  };

  const escalateTopic = topics.find((t) => t.trigger === 'OnEscalate');
  let escalation: Escalation = { mode: 'none' };
  if (escalateTopic) {
    const transfer = [...actionsUnder(escalateTopic.actions)].find(isTransfer);
    if (transfer) {
      const simplified = [...actionsUnder(escalateTopic.actions)].some((a) => a.kind !== 'SendActivity' && a.kind !== 'EndDialog' && !isTransfer(a));
      const escalates = (list: readonly unknown[]): boolean => [...actionsUnder(list)].some((a) => isTransfer(a) || (a.kind === 'BeginDialog' && typeof a.dialog === 'string' && topicFor(a.dialog) === escalateTopic));
      const noMatch = fallbackEscalation(topics, escalates);
      escalation = { mode: 'transfer', topic: escalateTopic, transfer, messages: messagesBefore(escalateTopic.actions, transfer) ?? [], simplified, ...(noMatch ? { noMatch } : {}) };
    } else {
      escalation = { mode: 'message', topic: escalateTopic };
    }
  }

  const ids = new NameTable([], '-');
  const idOf = new Map<Topic, string>(topics.map((t) => [t, ids.name(t.file.rel, journeyIdFor(t.displayName || t.schema))]));
  const compiled = new Map<Topic, CompiledTopic>();
  // The customer starts intent topics, and (by asking for a person) the Escalate topic:
  // those are journeys; every other topic runs only when another starts it.
  const isSub = (t: Topic): boolean => t.trigger !== 'OnRecognizedIntent' && !(escalation.mode === 'message' && t === escalation.topic);
  const bot: Bot = {
    tree,
    options,
    escalation,
    generative,
    topicFor,
    journeyIdOf: (t) => idOf.get(t) as string,
    isCut: (from, to) => from === to || reaches(to, from),
    mayCallEscalate: (t) => escalation.mode === 'message' && t !== escalation.topic && !reaches(escalation.topic, t),
    compiled(t) {
      let done = compiled.get(t);
      if (!done) {
        done = new TopicCompiler(bot, t, isSub(t)).compile();
        compiled.set(t, done);
      }
      return done;
    },
  };

  // Compiling the journeys compiles the topics they start.
  for (const t of topics) if (!isSub(t)) bot.compiled(t);
  const drafts: JourneyDraft[] = topics.filter((t) => compiled.has(t)).map((t) => (compiled.get(t) as CompiledTopic).draft);
  return { journeys: drafts, problems: [] };
};

export default importCopilotStudio;
