import { describeFsError } from '../load/read.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UsageError } from './exit-codes.js';

/** Writes a file atomically; a failure (folder missing, permission denied, a directory in the way) is the user's to fix: exit 2 with the reason. */
export async function writeOutput(path: string, text: string, what: string): Promise<void> {
  try {
    await writeFileAtomic(path, text);
  } catch (error) {
    throw new UsageError(`cannot write the ${what} to ${path}: ${describeFsError(error)}.`);
  }
}
