/**
 * displayPath (src/diagnostics/display.ts): its shortcut for a file below the base folder gives
 * exactly what the `path.relative` rule gives, for plain paths and for every path written oddly
 * (dot segments, doubled and trailing slashes, names that start like the base).
 */
import { relative, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayPath, isOutside } from '../../src/diagnostics/display.js';

/** The rule displayPath states, computed the slow way only. */
function byRelative(absolute: string, base: string): string {
  const rel = relative(base, absolute);
  return rel === '' || isOutside(rel) ? absolute : rel;
}

describe('displayPath', () => {
  it('shows a file below the base as its tail, and one outside or written oddly as the relative rule says', () => {
    const cases: [string, string, string][] = [
      ['/repo/journeys/a.journey.yaml', '/repo', 'journeys/a.journey.yaml'],
      ['/repo/a.yaml', '/repo', 'a.yaml'],
      ['/repository/a.yaml', '/repo', '/repository/a.yaml'],
      ['/repo/../etc/a.yaml', '/repo', '/repo/../etc/a.yaml'],
      ['/repo/./x/a.yaml', '/repo', 'x/a.yaml'],
      ['/repo//x/a.yaml', '/repo', 'x/a.yaml'],
      ['/repo/x/a.yaml', '/repo/', 'x/a.yaml'],
      ['/repo', '/repo', '/repo'],
      ['/a.yaml', '/', 'a.yaml'],
    ];
    for (const [absolute, base, shown] of cases) expect(displayPath(absolute, base), `${absolute} from ${base}`).toBe(shown);
  });

  it('equals the relative rule on random paths (seeded)', () => {
    if (sep !== '/') return expect(sep).toBe('\\');
    const segment = fc.constantFrom('a', 'b', 'repo', 'repo2', '.', '..', '', 'x.yaml', '.hidden');
    const path = fc.array(segment, { minLength: 0, maxLength: 6 }).chain((parts) => fc.boolean().map((trailing) => `/${parts.join('/')}${trailing ? '/' : ''}`));
    fc.assert(
      fc.property(path, path, (absolute, base) => {
        expect(displayPath(absolute, base)).toBe(byRelative(absolute, base));
      }),
      { seed: 20261204, numRuns: 5000 },
    );
  });
});
