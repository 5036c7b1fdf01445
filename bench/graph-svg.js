// SVG benchmark: drawing a journey's DOT as SVG in-process (Graphviz in WebAssembly, src/show/svg.ts)
// against generating the DOT text itself (src/show/dot.ts), for the 20-state generated journey and a
// larger one; the first SVG (loading the WebAssembly) is timed apart. Both from one diagram built once.
// Usage: npm run build && node bench/graph-svg.js [--states 20] [--big 60] [--runs 20]
import { join } from 'node:path';
import { flag, ROOT } from './support.js';
import { generateJourney } from './generate.js';

const sizes = [flag('--states', 20), flag('--big', 60)];
const runs = flag('--runs', 20);
const { lintSources } = await import(join(ROOT, 'dist', 'index.js'));
const { buildDiagram } = await import(join(ROOT, 'dist', 'show', 'diagram.js'));
const { renderDot, SVG_SCREEN } = await import(join(ROOT, 'dist', 'show', 'dot.js'));
const { renderSvg } = await import(join(ROOT, 'dist', 'show', 'svg.js'));

/** Median milliseconds of `runs` calls of fn. */
const timed = async (fn) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
};
const ms = (n) => `${n.toFixed(2)} ms`;

let first = true;
for (const states of sizes) {
  const [result] = await lintSources([{ path: `s${states}.journey.yaml`, text: generateJourney(0, states) }]);
  const diagram = buildDiagram(result.journey);
  const dot = renderDot(diagram, undefined, { fit: SVG_SCREEN });
  if (first) {
    const start = performance.now();
    await renderSvg(dot);
    console.log(`first SVG (loads @viz-js/viz and its WebAssembly): ${ms(performance.now() - start)}`);
    first = false;
  }
  const text = await timed(() => renderDot(diagram, undefined, { fit: SVG_SCREEN }));
  const svg = await timed(() => renderSvg(dot));
  console.log(`${states} states: DOT text ${ms(text)}, SVG layout and drawing ${ms(svg)} (${(svg / text).toFixed(0)}x the DOT text)`);
}
