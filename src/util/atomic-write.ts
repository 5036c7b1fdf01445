import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file through a temporary file in the same folder, flushed to disk, then
 * renamed over the target: readers see the old file or the new one, never half of
 * one, and a failure leaves the old file intact. Throws on failure (callers report it).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
