/**
 * The `ts` and `studio` targets of `journey compile`, through the real binary:
 * - ts: the generated modules type-check against the real `journeyctl/runtime` types
 *   (resolved through the package's own `exports`, so the consumer lives inside the
 *   repository), and a missing side effect is a type error that names it;
 * - studio: the output is JavaScript that evaluates with `createMachine` in scope.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { ensureBuilt, expectCleanStreams, journeySync, ROOT } from '../support/cli.js';
import { effectsInYaml, EXAMPLES, pascal, statesInYaml } from './cli-support.js';

const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const yamlOf = (id: string): string => join(ROOT, 'journeys', `${id}.journey.yaml`);

/** `{ 'a.b': noop, ... }` as TypeScript source. */
const implementations = (names: readonly string[]): string => `{ ${names.map((n) => `${JSON.stringify(n)}: noop`).join(', ')} }`;

interface TscRun {
  readonly status: number | null;
  readonly output: string;
}

function tsc(project: string): TscRun {
  const result = spawnSync(TSC, ['-p', project, '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('--target ts: typed modules', () => {
  /** A folder INSIDE the repository, so that `journeyctl/runtime` resolves through the package's own exports. */
  const dir = join(ROOT, 'test', `.tmp-ts-${randomBytes(4).toString('hex')}`);
  const withEffects = EXAMPLES.filter((id) => effectsInYaml(yamlOf(id)).length > 0);
  let good: TscRun;
  let bad: TscRun;

  beforeAll(() => {
    ensureBuilt();
    mkdirSync(dir, { recursive: true });
    const run = journeySync(['compile', join(ROOT, 'journeys'), '--out', join(dir, 'machines'), '--target', 'ts'], ROOT);
    if (run.status !== 0) throw new Error(`journey compile --target ts failed (${run.status}):\n${run.stderr}`);

    const tsconfig = (files: string[]) =>
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', skipLibCheck: true, types: ['node'], noEmit: true },
        files,
      });
    const header = 'const noop = (): undefined => undefined;\n';
    // A consumer that implements every side effect of every example.
    const ok = [
      ...EXAMPLES.map((id) => `import { create${pascal(id)}Machine, type ${pascal(id)}Event } from './machines/${id}.machine.js';`),
      header,
      ...EXAMPLES.map((id) => `export const ${pascal(id).toLowerCase()} = create${pascal(id)}Machine({ actions: ${implementations(effectsInYaml(yamlOf(id)))}, onHandoff: (h) => void h.carried });`),
      ...EXAMPLES.map((id) => `export type ${pascal(id)}Events = ${pascal(id)}Event['type'];`),
      `export const event: LostCardEvent = { type: 'agent_requested' };`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'ok.ts'), ok);
    writeFileSync(join(dir, 'tsconfig.good.json'), tsconfig(['ok.ts']));

    // Consumers that each omit one side effect (the last of the journey's), one with a wrongly typed effect, one with an unknown event.
    const badFiles: string[] = [];
    for (const id of withEffects) {
      const names = effectsInYaml(yamlOf(id));
      const file = `missing-${id}.ts`;
      writeFileSync(
        join(dir, file),
        `import { create${pascal(id)}Machine } from './machines/${id}.machine.js';\n${header}export const machine = create${pascal(id)}Machine({ actions: ${implementations(names.slice(0, -1))} });\n`,
      );
      badFiles.push(file);
    }
    const lostCard = effectsInYaml(yamlOf('lost-card'));
    writeFileSync(
      join(dir, 'wrong-type.ts'),
      `import { createLostCardMachine } from './machines/lost-card.machine.js';\n${header}export const machine = createLostCardMachine({ actions: { ...${implementations(lostCard.slice(1))}, ${JSON.stringify(lostCard[0])}: 42 } });\n`,
    );
    writeFileSync(join(dir, 'bad-event.ts'), `import type { LostCardEvent } from './machines/lost-card.machine.js';\nexport const event: LostCardEvent = { type: 'no_such_event' };\n`);
    badFiles.push('wrong-type.ts', 'bad-event.ts');
    writeFileSync(join(dir, 'tsconfig.bad.json'), tsconfig(badFiles));

    good = tsc(join(dir, 'tsconfig.good.json'));
    bad = tsc(join(dir, 'tsconfig.bad.json'));
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the generated modules import journeyctl/runtime, and it resolves through the package exports', () => {
    const source = readFileSync(join(dir, 'machines', 'lost-card.machine.ts'), 'utf8');
    expect(source).toMatch(/from 'journeyctl\/runtime'/);
    expect(source).toMatch(/export function createLostCardMachine\(/);
    expect(good.output).not.toMatch(/Cannot find module 'journeyctl\/runtime'|TS2307/);
  });

  it('the generated modules and a consumer implementing every side effect type-check with no errors (strict, NodeNext)', () => {
    expect(good.output.trim(), good.output).toBe('');
    expect(good.status).toBe(0);
  });

  it.each(withEffects)('%s: a consumer that omits one side effect gets a type error naming it', (id) => {
    const omitted = effectsInYaml(yamlOf(id)).at(-1) as string;
    const errors = bad.output.split('\n').filter((l) => l.includes(`missing-${id}.ts(`) && /error TS\d+/.test(l));
    expect(errors.length, bad.output).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(omitted);
  });

  it('a side effect that is not a function, and an event the journey does not know, are type errors', () => {
    expect(bad.output).toMatch(/wrong-type\.ts\(\d+,\d+\): error TS/);
    expect(bad.output).toMatch(/bad-event\.ts\(\d+,\d+\): error TS/);
    expect(bad.status).not.toBe(0);
  });
});

describe('--target studio: createMachine({...}) for Stately Studio', () => {
  let out: string;
  const sources = new Map<string, string>();

  beforeAll(() => {
    ensureBuilt();
    out = mkdtempSync(join(tmpdir(), 'journey-studio-'));
    for (const target of ['studio', 'json']) {
      const run = journeySync(['compile', join(ROOT, 'journeys'), '--out', out, '--target', target], ROOT);
      expectCleanStreams(run);
      if (run.status !== 0) throw new Error(`journey compile --target ${target} failed (${run.status}):\n${run.stderr}`);
    }
    for (const id of EXAMPLES) sources.set(id, readFileSync(join(out, `${id}.machine.js`), 'utf8'));
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('lost-card: evaluates with xstate createMachine in scope (new Function) without throwing', () => {
    const source = sources.get('lost-card') as string;
    expect(source.endsWith('\n')).toBe(true);
    // Nothing a plain script cannot hold: no imports or exports.
    expect(source).not.toMatch(/^\s*(import|export)\b/m);
    expect(() => new Function('createMachine', source)(createMachine)).not.toThrow();
  });

  it('lost-card: in a fresh context, the script returns a machine with id lost-card and every journey state', () => {
    const machine = vm.runInNewContext(sources.get('lost-card') as string, { createMachine }) as ReturnType<typeof createMachine>;
    expect(machine).toBeDefined();
    expect(machine.id).toBe('lost-card');
    const states = Object.keys(machine.root.states);
    for (const state of statesInYaml(yamlOf('lost-card'))) expect(states, state).toContain(state);
    expect(machine.config.initial).toBe('greet');
  });

  it('every example: the studio script builds the same config as the JSON target', () => {
    for (const id of EXAMPLES) {
      let captured: unknown;
      vm.runInNewContext(sources.get(id) as string, {
        createMachine: (config: unknown) => {
          captured = config;
          return createMachine(config as never);
        },
      });
      expect(JSON.parse(JSON.stringify(captured)), id).toEqual(JSON.parse(readFileSync(join(out, `${id}.machine.json`), 'utf8')));
    }
  });
});
