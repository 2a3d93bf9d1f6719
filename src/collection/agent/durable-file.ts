import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Flushes a folder's entries (a file created, renamed or removed in it) to disk. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` with `text` so that a kill or a power cut leaves the previous file or the new one, never half of
 * one: written to `temp` (beside it, on the same disk), fsynced, renamed into place, and the folder fsynced. A kill
 * mid-write leaves `temp` behind, for the owner to remove at its next start.
 */
export function writeDurably(path: string, text: string, temp: string): void {
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDir(dirname(path));
}
