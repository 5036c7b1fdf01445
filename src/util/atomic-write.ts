import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file through a temporary file in the same folder, flushed to disk, then
 * renamed over the target: readers see the old file or the new one, never half of
 * one, and a failure leaves the old file intact. Throws on failure (callers report it).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, temporaryName(basename(path)));
  let handle;
  try {
    handle = await open(temp, 'wx', options.mode ?? 0o644);
    if (process.env.JOURNEY_TEST_CRASH_DURING_WRITE === basename(path)) await crashHalfway(handle, data);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await removeStaleTemporaries(dir, basename(path));
}

/** How old a temporary file of a dead process must be before it is removed (a write takes far less). */
export const STALE_TEMPORARY_MS = 60_000;
/** `.name.<pid>.<8 hex>.tmp`: hidden, and naming its target and the process writing it. */
const temporaryName = (name: string): string => `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
/** Reads a temporaryName back: target name, then process id. */
const TEMPORARY = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** Folder -> target name -> its temporary files left behind, listed once per folder and process. */
const leftovers = new Map<string, Promise<Map<string, string[]>>>();

/**
 * Removes the temporary files that earlier writes of this same target left behind when
 * their process was killed mid-write. Only files of processes that no longer run on this
 * machine and older than STALE_TEMPORARY_MS go, so that a write in progress (here, or
 * from another machine sharing the folder) is never touched. Best effort: never throws.
 */
async function removeStaleTemporaries(dir: string, name: string): Promise<void> {
  let listing = leftovers.get(dir);
  if (!listing) {
    listing = listTemporaries(dir);
    leftovers.set(dir, listing);
  }
  const mine = (await listing).get(name);
  if (!mine) return;
  (await listing).delete(name);
  const now = Date.now();
  for (const file of mine) {
    const pid = Number(TEMPORARY.exec(file)?.[2]);
    if (pid === process.pid || isRunning(pid)) continue;
    const path = join(dir, file);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && now - info.mtimeMs > STALE_TEMPORARY_MS) await unlink(path).catch(() => undefined);
  }
}

async function listTemporaries(dir: string): Promise<Map<string, string[]>> {
  const byTarget = new Map<string, string[]>();
  for (const file of await readdir(dir).catch(() => [] as string[])) {
    const target = TEMPORARY.exec(file)?.[1];
    if (target !== undefined) byTarget.set(target, [...(byTarget.get(target) ?? []), file]);
  }
  return byTarget;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A documented test aid (docs/security.md): writes half of the data to the temporary
 * file and kills the process, as a power cut or an OOM kill would, so that tests can
 * show the target file is left as it was.
 */
async function crashHalfway(handle: import('node:fs/promises').FileHandle, data: string | Uint8Array): Promise<never> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
  await handle.sync();
  process.kill(process.pid, 'SIGKILL');
  return new Promise<never>(() => undefined);
}
