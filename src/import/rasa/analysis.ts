import type { SourceTree } from '../sources.js';
import { fieldNameFor, NameTable } from '../names.js';
import type { Flow, Project } from './project.js';
import { parseCondition, refsOf, usedTypes } from './pypred.js';
import { parseSteps, type ParsedSteps } from './steps.js';

/** A field's type in the journey. */
export type FieldType = 'string' | 'number' | 'boolean';

/** What a flow reads and writes, found before any flow is built, so that calls can pass fields both ways. */
export interface FlowAnalysis {
  readonly flow: Flow;
  readonly steps: ParsedSteps;
  /** Slots the flow mentions (collects, sets, conditions), in source order, with their field names. */
  readonly fields: ReadonlyMap<string, string>;
  /** Slots the flow itself fills (collect) or sets (set_slots). */
  readonly writes: ReadonlySet<string>;
  /** Types read off the flow's conditions, for slots the domain does not declare. */
  readonly usage: ReadonlyMap<string, FieldType>;
  readonly collects: boolean;
}

/** The slots a `set_slots:` step sets, with their values, in order. */
export function slotSettings(value: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  const items = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? [value] : [];
  for (const item of items) {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) for (const [k, v] of Object.entries(item)) out.push([k, v]);
  }
  return out;
}

/** Reads one flow's steps and the slots it reads and writes. */
export function analyseFlow(tree: SourceTree, flow: Flow): FlowAnalysis {
  const steps = parseSteps(tree, flow.file, flow.id, flow.steps);
  const names = new NameTable(['interrupted']);
  const fields = new Map<string, string>();
  const writes = new Set<string>();
  const usage = new Map<string, FieldType>();
  const mention = (slot: string): void => {
    if (!fields.has(slot)) fields.set(slot, names.name(slot, fieldNameFor(slot)));
  };
  for (const node of steps.all) {
    if (node.kind === 'collect' && node.subject) {
      mention(node.subject);
      writes.add(node.subject);
    }
    if (node.kind === 'set_slots') {
      for (const [slot] of slotSettings(node.raw.set_slots)) {
        mention(slot);
        writes.add(slot);
      }
    }
    for (const b of node.branches ?? []) {
      if (b.condition === undefined) continue;
      const c = parseCondition(b.condition);
      if (!c) continue;
      for (const r of refsOf(c)) if (r.scope === 'slots') mention(r.name);
      for (const [key, type] of usedTypes(c)) if (key.startsWith('slots.') && !usage.has(key.slice(6))) usage.set(key.slice(6), type);
    }
  }
  return { flow, steps, fields, writes, usage, collects: steps.all.some((n) => n.kind === 'collect') };
}

/** The journey type of a Rasa slot type (`categorical`, `text`, `any` and the rest are strings). */
export function fieldTypeOf(project: Project, slot: string, usage: ReadonlyMap<string, FieldType>): FieldType {
  const declared = project.slots.get(slot)?.type;
  if (declared === 'bool' || declared === 'boolean') return 'boolean';
  if (declared === 'float' || declared === 'int' || declared === 'number') return 'number';
  if (declared !== undefined) return 'string';
  return usage.get(slot) ?? 'string';
}
