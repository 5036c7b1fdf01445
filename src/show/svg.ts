import type { Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

/**
 * Draws DOT text as SVG in-process with Graphviz compiled to WebAssembly (`@viz-js/viz`,
 * loaded on first use: no system binary). `inline` gives the `<svg>` element alone, for a
 * page, without the XML prolog; comments are dropped either way (Graphviz writes state
 * names into them, and a page should carry nothing it does not show). The DOT is ours,
 * so a Graphviz error is a bug: it is thrown, not returned.
 */
export async function renderSvg(dot: string, options: { readonly inline?: boolean } = {}): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  const result = (await viz).render(dot, { format: options.inline ? 'svg_inline' : 'svg' });
  if (result.status !== 'success') throw new Error(`Graphviz could not draw the diagram: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.output.replace(/<!--[\s\S]*?-->\n?/g, '');
}

/** Width and height of a drawing in CSS pixels (Graphviz sizes SVG in points, 72 to the inch; a CSS pixel is 1/96 inch). */
export function svgSize(svg: string): { readonly width: number; readonly height: number } | undefined {
  const m = /<svg\b[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"/.exec(svg);
  return m ? { width: Math.round((Number(m[1]) * 96) / 72), height: Math.round((Number(m[2]) * 96) / 72) } : undefined;
}
