import type { Located } from '../model/types.js';
import { docsUrl, type ProjectFile, type ProjectRule } from '../rule-support/types.js';

type Item = Located<string>;

const rule: ProjectRule<Item> = {
  meta: {
    id: 'duplicate-journey',
    description: 'Every journey id is unique across all files linted together.',
    severity: 'error',
    docs: docsUrl('duplicate-journey'),
    scope: 'project',
    messages: {
      duplicate: 'Journey id `{{id}}` is also used by {{others}}; bots and reports could not tell them apart.',
    },
    hints: {
      duplicate: 'Give each journey its own `journey:` id.',
    },
  },
  collect(journey) {
    return journey.id;
  },
  create(context) {
    const byId = new Map<string, ProjectFile<Item>[]>();
    for (const file of context.files) {
      const list = byId.get(file.item.value) ?? [];
      list.push(file);
      byId.set(file.item.value, list);
    }
    for (const [id, files] of byId) {
      if (files.length < 2) continue;
      for (const file of files) {
        const others = files.filter((f) => f !== file).map((f) => f.file);
        file.report({ messageId: 'duplicate', data: { id, others: others.join(', ') }, span: file.item.span });
      }
    }
  },
};

export default rule;
