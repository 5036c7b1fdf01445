import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closest } from '../diagnostics/suggest.js';
import { BUILTIN_META } from '../rule-support/builtin-meta.js';
import { isRuleId, RULE_IDS } from '../rules/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import { packageRoot } from './package-root.js';

/** `journey explain RULE`: the rule's docs page, laid out for a terminal. */
export async function runExplain(rule: string, io: Io): Promise<number> {
  if (!isRuleId(rule)) {
    const builtin = BUILTIN_META.find((m) => m.id === rule);
    if (builtin) {
      io.stdout.write(`${builtin.id}\n\n${wrap(builtin.description, 78).join('\n')}\n\nSee docs/format.md.\n`);
      return EXIT.OK;
    }
    const near = closest(rule, RULE_IDS);
    throw new UsageError(`unknown rule "${rule}"${near ? ` (did you mean "${near}"?)` : ''}; \`journey rules\` lists them.`);
  }
  const text = await readFile(join(packageRoot(), 'docs', 'rules', `${rule}.md`), 'utf8');
  const width = Math.max(40, Math.min(io.stdout.columns ?? 80, 80));
  io.stdout.write(renderMarkdown(text, width));
  return EXIT.OK;
}

/**
 * Lays out Markdown for a terminal of `width` columns: headings underlined,
 * paragraphs and list items re-wrapped, code blocks and tables kept as written
 * (indented), inline backticks kept so code stays recognisable without colour.
 */
export function renderMarkdown(markdown: string, width: number): string {
  const out: string[] = [];
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  let paragraph: string[] = [];
  let bullet: string | undefined;
  const flush = (): void => {
    if (paragraph.length === 0) return;
    const text = paragraph.join(' ').replace(/\s+/g, ' ').trim();
    if (bullet !== undefined) {
      const [first, ...rest] = wrap(text, width - 4);
      out.push(`  ${bullet} ${first ?? ''}`, ...rest.map((l) => `    ${l}`));
    } else {
      out.push(...wrap(text, width));
    }
    paragraph = [];
    bullet = undefined;
  };
  let inCode = false;
  for (const line of lines) {
    if (line.startsWith('```')) {
      flush();
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out.push(`    ${line}`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      const title = heading[2] as string;
      out.push(title, (heading[1] as string).length === 1 ? '='.repeat(Math.min(title.length, width)) : '-'.repeat(Math.min(title.length, width)));
      continue;
    }
    if (line.startsWith('|')) {
      flush();
      if (/^\|[\s|:-]+\|$/.test(line)) continue; // table rule line
      out.push(`  ${line.replace(/^\|\s*|\s*\|$/g, '').split(/\s*\|\s*/).join('  |  ')}`);
      continue;
    }
    const item = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      flush();
      bullet = item[1] === '*' ? '-' : item[1];
      paragraph.push(item[2] as string);
      continue;
    }
    if (line.trim() === '') {
      flush();
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** Greedy word wrap; words longer than the width stay whole on their own line. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}
