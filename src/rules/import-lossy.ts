import { docsUrl, type JourneyRule } from '../rule-support/types.js';

/** The part of a loss entry the rule reads (`x-import.losses[i]`, written by `journey import`). */
interface LossEntry {
  readonly kind?: unknown;
  readonly state?: unknown;
  readonly message?: unknown;
}

const rule: JourneyRule = {
  meta: {
    id: 'import-lossy',
    description: 'Reports each thing an import could not map from the bot (`x-import.losses`).',
    severity: 'warning',
    docs: docsUrl('import-lossy'),
    messages: {
      lossy: 'The imported bot does something here the journey does not ({{kind}}): {{message}}',
    },
    hints: {
      lossy: 'Check this part of the bot by hand; docs/import.md says what each kind of loss means. Silence one with `# journey-disable-next-line import-lossy -- <reason>` once checked.',
    },
  },
  create(context) {
    const { raw, sourceMap, states } = context.journey;
    const meta = raw['x-import'];
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return;
    const losses = (meta as { losses?: unknown }).losses;
    if (!Array.isArray(losses)) return;
    losses.forEach((entry: unknown, index) => {
      if (typeof entry !== 'object' || entry === null) return;
      const loss = entry as LossEntry;
      const kind = typeof loss.kind === 'string' && loss.kind !== '' ? loss.kind : 'unnamed';
      const message = typeof loss.message === 'string' && loss.message !== '' ? loss.message : 'the importer gave no details.';
      // At the state the loss concerns, when it still exists; else at the loss entry itself.
      const state = typeof loss.state === 'string' ? states.get(loss.state) : undefined;
      const at = state?.keySpan ?? sourceMap.valueSpan(losses, index);
      context.report({ messageId: 'lossy', data: { kind, message }, span: at });
    });
  },
};

export default rule;
