/** Colour functions a formatter may use; identity functions when colour is off. */
export interface Paint {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly magenta: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly underline: (s: string) => string;
}

const same = (s: string): string => s;

/** Paint that leaves text as it is. */
export const PLAIN: Paint = { red: same, yellow: same, green: same, cyan: same, magenta: same, bold: same, dim: same, underline: same };

/** Paint backed by chalk, loaded only when colour is on. */
export async function loadPaint(color: boolean): Promise<Paint> {
  if (!color) return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan, magenta: c.magenta, bold: c.bold, dim: c.dim, underline: c.underline };
}

/**
 * Colour decision shared by every command: an explicit flag wins; otherwise colour
 * only on a TTY, never with NO_COLOR set (any value), never for TERM=dumb.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
