import { docsUrl, type ProjectFile, type ProjectRule } from './types.js';

const rule: ProjectRule = {
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
  create(context) {
    const byId = new Map<string, ProjectFile[]>();
    for (const file of context.files) {
      const list = byId.get(file.journey.id.value) ?? [];
      list.push(file);
      byId.set(file.journey.id.value, list);
    }
    for (const [id, files] of byId) {
      if (files.length < 2) continue;
      for (const file of files) {
        const others = files.filter((f) => f !== file).map((f) => f.journey.file);
        file.report({ messageId: 'duplicate', data: { id, others: others.join(', ') }, span: file.journey.id.span });
      }
    }
  },
};

export default rule;
