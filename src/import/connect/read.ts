import type { SourceFile, SourceTree } from '../sources.js';

/** Where a value sits in its file, for positioned problems: the value itself, or `parent[key]`. */
export interface At {
  readonly value: unknown;
  readonly parent?: unknown;
  readonly key?: string | number;
}

/** A reference to another action, with where it is written. */
export interface Target {
  readonly id: string;
  readonly at: At;
}

/** One branch of an action: a condition on its result (`Equals 1`, `NumberGreaterThan 0`). */
export interface Condition {
  readonly operator: string;
  readonly operands: readonly string[];
  readonly target: Target;
}

/** One error branch of an action (`InputTimeLimitExceeded`, `QueueAtCapacity`, `NoMatchingError`...). */
export interface ErrorBranch {
  readonly type: string;
  readonly target: Target;
}

/**
 * An action of a contact flow in the flow language's terms, whichever schema the
 * export is written in: the older `modules[]` schema is translated to these names.
 */
export interface FlowAction {
  readonly id: string;
  /** The flow-language type (`GetParticipantInput`); for the older schema, the translated one. */
  readonly type: string;
  /** The type as the file writes it (`GetUserInput` in the older schema). */
  readonly written: string;
  /** Parameters by flow-language name; values are strings or plain objects as in the file. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The designer's metadata of the action (`Metadata.ActionMetadata[id]`, or the module's `metadata`). */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly next?: Target;
  readonly conditions: readonly Condition[];
  readonly errors: readonly ErrorBranch[];
  /** The action's object in the file (its position). */
  readonly value: unknown;
}

/** One contact flow of the export. */
export interface Flow {
  readonly file: SourceFile;
  /** The flow's name: its metadata's `name`, else the file name without `.json`. */
  readonly name: string;
  readonly description?: string;
  readonly schema: 'flow-language' | 'legacy';
  readonly start?: Target;
  readonly actions: readonly FlowAction[];
  readonly byId: ReadonlyMap<string, FlowAction>;
}

/** Why a file is not a flow, when it looks like something else of Connect. */
export type NotAFlow = { readonly reason: string; readonly at?: At };

/** Plain object or undefined. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A string value, or a number written as one (exports mix `"5"` and `5`). */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** True when the parsed data is a contact flow in either schema. */
export function isFlow(data: unknown): boolean {
  const root = objectOf(data);
  if (!root) return false;
  return (Array.isArray(root.Actions) && ('StartAction' in root || 'Version' in root)) || (Array.isArray(root.modules) && 'start' in root);
}

/** The shape of `aws connect describe-contact-flow` output, which wraps the flow in a string. */
export function describeOutput(data: unknown): NotAFlow | undefined {
  const wrapper = objectOf(objectOf(data)?.ContactFlow);
  if (wrapper && typeof wrapper.Content === 'string') {
    return { reason: 'This is the output of `describe-contact-flow`: the flow is the JSON string under `ContactFlow.Content`. Save that string as its own .json file and import it.', at: { value: wrapper, parent: data, key: 'ContactFlow' } };
  }
  return undefined;
}

/**
 * Reads one flow file (already parsed) into a Flow, reporting what is malformed
 * (`bad-shape`) and skipping only the broken action.
 */
export function readFlow(tree: SourceTree, file: SourceFile): Flow | undefined {
  const root = objectOf(file.data) as Record<string, unknown>;
  return Array.isArray(root.Actions) ? readFlowLanguage(tree, file, root) : readLegacy(tree, file, root);
}

function baseName(rel: string): string {
  const name = rel.split('/').pop() ?? rel;
  return name.replace(/\.json$/i, '');
}

/** The flow both schemas read into: its name and description from the metadata, its start, its actions by id. */
function flowOf(tree: SourceTree, file: SourceFile, root: Record<string, unknown>, metadata: Record<string, unknown>, startKey: string, schema: Flow['schema'], actions: FlowAction[]): Flow {
  const startId = textOf(root[startKey]);
  const name = textOf(metadata.name);
  const description = textOf(metadata.description);
  return {
    file,
    name: name && name.trim() !== '' ? name : baseName(file.rel),
    ...(description && description.trim() !== '' ? { description } : {}),
    schema,
    ...(startId !== undefined ? { start: { id: startId, at: { value: startId, parent: root, key: startKey } } } : {}),
    actions,
    byId: finish(tree, file, actions),
  };
}

function finish(tree: SourceTree, file: SourceFile, actions: FlowAction[]): Map<string, FlowAction> {
  const byId = new Map<string, FlowAction>();
  for (const a of actions) {
    if (byId.has(a.id)) {
      tree.problem(file, 'bad-shape', `Two actions have the identifier \`${a.id}\`; the second one is left out.`, { value: a.value });
      continue;
    }
    byId.set(a.id, a);
  }
  return byId;
}

// ---------------------------------------------------------------------------
// The flow language (Version 2019-10-30)

function readFlowLanguage(tree: SourceTree, file: SourceFile, root: Record<string, unknown>): Flow {
  const metadata = objectOf(root.Metadata) ?? {};
  const actionMetadata = objectOf(metadata.ActionMetadata) ?? {};
  const actions: FlowAction[] = [];
  for (const [index, raw] of (root.Actions as unknown[]).entries()) {
    const action = objectOf(raw);
    if (!action) {
      tree.problem(file, 'bad-shape', `Action ${index + 1} of \`Actions\` is not an object; it is left out.`, { value: raw, parent: root.Actions, key: index });
      continue;
    }
    const id = textOf(action.Identifier);
    const type = textOf(action.Type);
    if (id === undefined || id === '' || type === undefined || type === '') {
      tree.problem(file, 'bad-shape', `Action ${index + 1} has no \`${id ? 'Type' : 'Identifier'}\`; it is left out.`, { value: action });
      continue;
    }
    const transitions = objectOf(action.Transitions) ?? {};
    if (action.Transitions !== undefined && !objectOf(action.Transitions)) {
      tree.problem(file, 'bad-shape', `The \`Transitions\` of action \`${id}\` is not an object; the action is taken as the end of the flow.`, { value: action, parent: action, key: 'Transitions' });
    }
    const next = textOf(transitions.NextAction);
    const conditions: Condition[] = [];
    for (const c of Array.isArray(transitions.Conditions) ? transitions.Conditions : []) {
      const cond = objectOf(c);
      const test = objectOf(cond?.Condition);
      const target = textOf(cond?.NextAction);
      if (!cond || !test || target === undefined) {
        tree.problem(file, 'bad-shape', `A condition of action \`${id}\` has no \`Condition\` or \`NextAction\`; it is left out.`, { value: c ?? action });
        continue;
      }
      const operands = (Array.isArray(test.Operands) ? test.Operands : []).map(textOf).filter((o): o is string => o !== undefined);
      conditions.push({ operator: textOf(test.Operator) ?? 'Equals', operands, target: { id: target, at: { value: target, parent: cond, key: 'NextAction' } } });
    }
    const errors: ErrorBranch[] = [];
    for (const e of Array.isArray(transitions.Errors) ? transitions.Errors : []) {
      const error = objectOf(e);
      const target = textOf(error?.NextAction);
      const errorType = textOf(error?.ErrorType);
      if (!error || target === undefined || errorType === undefined) continue;
      errors.push({ type: errorType, target: { id: target, at: { value: target, parent: error, key: 'NextAction' } } });
    }
    actions.push({
      id,
      type,
      written: type,
      parameters: objectOf(action.Parameters) ?? {},
      metadata: objectOf(actionMetadata[id]) ?? {},
      ...(next !== undefined ? { next: { id: next, at: { value: next, parent: transitions, key: 'NextAction' } } } : {}),
      conditions,
      errors,
      value: action,
    });
  }
  return flowOf(tree, file, root, metadata, 'StartAction', 'flow-language', actions);
}

// ---------------------------------------------------------------------------
// The older export schema (`modules[]`, `branches`, `parameters: [{name, value}]`)

/** Module types of the older schema and the flow-language action each one is. */
const LEGACY_TYPES: Readonly<Record<string, string>> = {
  PlayPrompt: 'MessageParticipant',
  GetUserInput: 'GetParticipantInput',
  StoreUserInput: 'GetParticipantInput',
  Disconnect: 'DisconnectParticipant',
  SetAttributes: 'UpdateContactAttributes',
  CheckAttribute: 'Compare',
  Loop: 'Loop',
  InvokeExternalResource: 'InvokeLambdaFunction',
  SetQueue: 'UpdateContactTargetQueue',
  CheckHoursOfOperation: 'CheckHoursOfOperation',
  CheckStaffing: 'CheckStaffing',
  SetEventHook: 'UpdateContactEventHooks',
  SetLoggingBehavior: 'UpdateFlowLoggingBehavior',
  SetVoice: 'UpdateContactTextToSpeechVoice',
  SetRecordingBehavior: 'UpdateContactRecordingBehavior',
  SetCallbackNumber: 'UpdateContactCallbackNumber',
  SetCustomerQueueFlow: 'UpdateContactEventHooks',
  SetWhisperFlow: 'UpdateContactEventHooks',
  SetHoldFlow: 'UpdateContactEventHooks',
  SetDisconnectFlow: 'UpdateContactEventHooks',
  LoopPrompts: 'MessageParticipantIteratively',
  Resume: 'EndFlowExecution',
};

/** Operators of `CheckAttribute` branches and their flow-language names. */
const LEGACY_OPERATORS: Readonly<Record<string, string>> = {
  Equals: 'Equals',
  GreaterThan: 'NumberGreaterThan',
  GreaterThanOrEqualTo: 'NumberGreaterOrEqualTo',
  LessThan: 'NumberLessThan',
  LessThanOrEqualTo: 'NumberLessOrEqualTo',
  Contains: 'TextContains',
  StartsWith: 'TextStartsWith',
  EndsWith: 'TextEndsWith',
};

/** Branch conditions of the older schema that are error branches in the flow language. */
const LEGACY_ERRORS: Readonly<Record<string, string>> = {
  Error: 'NoMatchingError',
  Timeout: 'InputTimeLimitExceeded',
  NoMatch: 'NoMatchingCondition',
  AtCapacity: 'QueueAtCapacity',
  InvalidNumber: 'InvalidPhoneNumber',
};

/** The older schema names attributes by namespace; the flow language by JSONPath. */
function legacyPath(value: string, namespace: unknown): string {
  switch (namespace) {
    case 'External':
      return `$.External.${value}`;
    case 'User Defined':
      return `$.Attributes.${value}`;
    case 'Lex':
      return `$.Lex.${value}`;
    case 'System':
      return value === 'Stored customer input' ? '$.StoredCustomerInput' : `$.${value.replace(/\s+/g, '')}`;
    default:
      return value;
  }
}

function legacyParameters(type: string, list: unknown[]): { parameters: Record<string, unknown>; names: Record<string, string> } {
  const parameters: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  let speech = 'text';
  for (const p of list) {
    const entry = objectOf(p);
    const name = textOf(entry?.name);
    const value = textOf(entry?.value);
    if (!entry || name === undefined) continue;
    if (name === 'TextToSpeechType' && value) speech = value;
  }
  for (const p of list) {
    const entry = objectOf(p);
    const name = textOf(entry?.name);
    const value = textOf(entry?.value);
    if (!entry || name === undefined || value === undefined) continue;
    const resource = textOf(entry.resourceName);
    switch (name) {
      case 'Text':
        parameters[speech === 'ssml' ? 'SSML' : 'Text'] = legacyPath(value, entry.namespace);
        break;
      case 'AudioPrompt':
        parameters.PromptId = value;
        if (resource) names.PromptId = resource;
        break;
      case 'Timeout':
        parameters.InputTimeLimitSeconds = value;
        break;
      case 'Attribute':
        if (type === 'SetAttributes') {
          const key = textOf(entry.key);
          if (key !== undefined) attributes[key] = entry.namespace ? legacyPath(value, entry.namespace) : value;
        } else {
          parameters.Attribute = value;
        }
        break;
      case 'Namespace':
        parameters.Namespace = value;
        break;
      case 'LoopCount':
        parameters.LoopCount = value;
        break;
      case 'FunctionArn':
        parameters.LambdaFunctionARN = value;
        break;
      case 'Queue':
        parameters.QueueId = entry.namespace ? legacyPath(value, entry.namespace) : value;
        if (resource) names.QueueId = resource;
        break;
      case 'ContactFlowId':
        parameters.ContactFlowId = value;
        if (resource) names.ContactFlowId = resource;
        break;
      case 'Status':
        parameters.MetricType = value;
        break;
      default:
        parameters[name] = value;
    }
  }
  if (type === 'SetAttributes') parameters.Attributes = attributes;
  if (type === 'CheckAttribute' && typeof parameters.Attribute === 'string') {
    parameters.ComparisonValue = legacyPath(parameters.Attribute, parameters.Namespace ?? 'User Defined');
  }
  if (type === 'StoreUserInput') parameters.StoreInput = 'True';
  return { parameters, names };
}

function legacyType(module: Record<string, unknown>, written: string, parameters: Record<string, unknown>): string {
  if (written === 'Transfer') {
    const target = textOf(module.target);
    if (target === 'Flow' || (target === undefined && parameters.ContactFlowId !== undefined)) return 'TransferToFlow';
    return 'TransferContactToQueue';
  }
  if (written === 'GetUserInput' && textOf(module.target) === 'Lex') return 'ConnectParticipantWithLexBot';
  return LEGACY_TYPES[written] ?? written;
}

function readLegacy(tree: SourceTree, file: SourceFile, root: Record<string, unknown>): Flow {
  const metadata = objectOf(root.metadata) ?? {};
  const actions: FlowAction[] = [];
  for (const [index, raw] of (root.modules as unknown[]).entries()) {
    const module = objectOf(raw);
    const id = textOf(module?.id);
    const written = textOf(module?.type);
    if (!module || id === undefined || id === '' || written === undefined || written === '') {
      tree.problem(file, 'bad-shape', `Module ${index + 1} of \`modules\` has no \`id\` or \`type\`; it is left out.`, { value: raw, parent: root.modules, key: index });
      continue;
    }
    const { parameters, names } = legacyParameters(written, Array.isArray(module.parameters) ? module.parameters : []);
    const type = legacyType(module, written, parameters);
    if (type === 'ConnectParticipantWithLexBot' && typeof parameters.BotName === 'string') parameters.LexBot = { Name: parameters.BotName };
    let next: Target | undefined;
    const conditions: Condition[] = [];
    const errors: ErrorBranch[] = [];
    for (const b of Array.isArray(module.branches) ? module.branches : []) {
      const branch = objectOf(b);
      const condition = textOf(branch?.condition);
      const transition = textOf(branch?.transition);
      if (!branch || condition === undefined || transition === undefined) continue;
      const target: Target = { id: transition, at: { value: transition, parent: branch, key: 'transition' } };
      if (condition === 'Success') next = target;
      else if (condition === 'Evaluate') {
        const operator = textOf(branch.conditionType) ?? 'Equals';
        conditions.push({ operator: LEGACY_OPERATORS[operator] ?? operator, operands: [textOf(branch.conditionValue) ?? ''], target });
      } else if (condition === 'Looping') conditions.push({ operator: 'Equals', operands: ['ContinueLooping'], target });
      else if (condition === 'Complete') conditions.push({ operator: 'Equals', operands: ['DoneLooping'], target });
      else if (condition === 'True' || condition === 'False') conditions.push({ operator: 'Equals', operands: [condition], target });
      else errors.push({ type: LEGACY_ERRORS[condition] ?? condition, target });
    }
    const moduleMetadata = { ...(objectOf(module.metadata) ?? {}), ...(Object.keys(names).length > 0 ? { names } : {}) };
    actions.push({ id, type, written, parameters, metadata: moduleMetadata, ...(next ? { next } : {}), conditions, errors, value: module });
  }
  return flowOf(tree, file, root, metadata, 'start', 'legacy', actions);
}
