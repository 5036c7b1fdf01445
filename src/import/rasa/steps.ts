import type { SourceFile, SourceTree } from '../sources.js';

/** The step kinds of a CALM flow. */
export type StepKind = 'collect' | 'action' | 'set_slots' | 'noop' | 'call' | 'link';

const KINDS: readonly StepKind[] = ['collect', 'action', 'set_slots', 'noop', 'call', 'link'];

/** Where a branch of `next:` goes: a step id or END, or a nested list of steps. */
export type BranchTarget = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'steps'; readonly steps: readonly StepNode[] };

/** One item of a `next:` list: `if`/`then`, or `else`. */
export interface Branch {
  /** The pypred condition; undefined for `else`. */
  readonly condition?: string | boolean | number;
  readonly target: BranchTarget;
  /** The list item in the file (for positions). */
  readonly raw: Record<string, unknown>;
}

/** A step of a flow with its place: the list it is in, and its `next:`. */
export interface StepNode {
  /** Order of the step in the whole flow, nested steps included (source order). */
  readonly order: number;
  readonly raw: Record<string, unknown>;
  readonly kind: StepKind;
  /** The value of the kind's key: the slot, action, flow; undefined for `noop` and `set_slots`. */
  readonly subject?: string;
  readonly explicitId?: string;
  /** The list this step is in, and its place there. */
  readonly sequence: readonly StepNode[];
  readonly position: number;
  /** True for the flow's top-level `steps:` list. */
  readonly root: boolean;
  /** `next:` as a step id or END. */
  readonly nextName?: string;
  /** `next:` as a list of branches. */
  readonly branches?: readonly Branch[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The steps of a flow, parsed: every step of every list, in source order, and the root list. */
export interface ParsedSteps {
  readonly all: readonly StepNode[];
  readonly root: readonly StepNode[];
}

/**
 * Parses a flow's `steps:` (and the lists nested in `next:` branches) into step nodes.
 * A step that is not a mapping or has no known kind is reported and left out, so its
 * list goes on with the next step.
 */
export function parseSteps(tree: SourceTree, file: SourceFile, flowId: string, steps: readonly unknown[]): ParsedSteps {
  const all: StepNode[] = [];
  const parseList = (list: readonly unknown[], root: boolean): StepNode[] => {
    const sequence: StepNode[] = [];
    for (const [i, raw] of list.entries()) {
      if (!isRecord(raw)) {
        tree.problem(file, 'bad-shape', `Step ${i + 1} of flow \`${flowId}\` should be a mapping such as \`collect: <slot>\` or \`action: <name>\`.`, { value: raw, parent: list, key: i });
        continue;
      }
      const kind = KINDS.find((k) => k in raw);
      if (!kind) {
        const keys = Object.keys(raw).filter((k) => k !== 'id' && k !== 'next' && k !== 'description');
        tree.problem(
          file,
          'unknown-type',
          `Step ${i + 1} of flow \`${flowId}\` is not a step Rasa knows${keys.length > 0 ? ` (\`${keys.join('`, `')}\`)` : ''}: a step is one of ${KINDS.map((k) => `\`${k}\``).join(', ')}.`,
          { value: raw },
        );
        continue;
      }
      const value = raw[kind];
      const subject = typeof value === 'string' ? value.trim() : undefined;
      if ((kind === 'collect' || kind === 'action' || kind === 'call' || kind === 'link') && (subject === undefined || subject === '')) {
        tree.problem(file, 'bad-shape', `\`${kind}:\` in flow \`${flowId}\` should name a ${kind === 'collect' ? 'slot' : kind === 'action' ? 'action or response' : 'flow'}.`, { value, parent: raw, key: kind });
        continue;
      }
      const node: {
        -readonly [K in keyof StepNode]: StepNode[K];
      } = {
        order: all.length,
        raw,
        kind,
        ...(subject !== undefined && kind !== 'noop' && kind !== 'set_slots' ? { subject } : {}),
        ...(typeof raw.id === 'string' && raw.id.trim() !== '' ? { explicitId: raw.id.trim() } : {}),
        sequence,
        position: sequence.length,
        root,
      };
      all.push(node);
      sequence.push(node);
      const next = raw.next;
      if (typeof next === 'string') node.nextName = next.trim();
      else if (Array.isArray(next)) {
        const branches: Branch[] = [];
        for (const [j, item] of next.entries()) {
          if (!isRecord(item) || (!('if' in item) && !('else' in item))) {
            tree.problem(file, 'bad-shape', `Each item of \`next:\` should be \`if: <condition>\` with \`then:\`, or \`else:\`.`, { value: item, parent: next, key: j });
            continue;
          }
          const isElse = !('if' in item);
          const to = isElse ? item.else : item.then;
          let target: BranchTarget | undefined;
          if (typeof to === 'string') target = { kind: 'name', name: to.trim() };
          else if (Array.isArray(to) && to.length > 0) target = { kind: 'steps', steps: parseList(to, false) };
          if (!target || (target.kind === 'steps' && target.steps.length === 0)) {
            tree.problem(file, 'bad-shape', `\`${isElse ? 'else' : 'then'}:\` should name a step id, END, or list the steps to take.`, { value: to ?? item, parent: item, key: isElse ? 'else' : 'then' });
            continue;
          }
          const condition = item.if;
          branches.push({ ...(isElse ? {} : { condition: typeof condition === 'string' || typeof condition === 'number' || typeof condition === 'boolean' ? condition : String(condition) }), target, raw: item });
        }
        node.branches = branches;
      } else if (next !== undefined && next !== null) {
        tree.problem(file, 'bad-shape', '`next:` should be a step id, END, or a list of `if`/`then` and `else`.', { value: next, parent: raw, key: 'next' });
      }
    }
    return sequence;
  };
  const root = parseList(steps, true);
  return { all, root };
}
