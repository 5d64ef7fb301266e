/**
 * Crash-safe writes (Node only). A file is written to a temporary sibling, flushed to disk,
 * then renamed over the target, so readers see either the old or the new content, never a
 * half-written file; the temporary is removed on failure. A directory of files (a
 * checkpoint) is built in a temporary sibling directory and renamed into place the same way.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { lstat, mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** What may be written: bytes, or a string written as UTF-8. */
export type FileData = Uint8Array | string;

function checkArgs(fn: string, path: unknown, data: unknown): asserts path is string {
  if (typeof path !== "string" || path.length === 0) {
    throw new TypeError(`${fn}: path must be a non-empty string, got ${describe(path)}`);
  }
  if (!(data instanceof Uint8Array) && typeof data !== "string") {
    throw new TypeError(`${fn}: data must be a Uint8Array or a string, got ${describe(data)}`);
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return `a ${value.constructor?.name ?? "object"}`;
  return `${typeof value} ${String(value)}`;
}

/** `.name.<random>.<suffix>` beside `path`: hidden, unique, same file system as the target. */
function siblingName(path: string, suffix: string): string {
  const full = resolve(path);
  return join(dirname(full), `.${basename(full)}.${randomBytes(6).toString("hex")}.${suffix}`);
}

function failure(fn: string, path: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`${fn}: could not write "${path}": ${reason}`, { cause: error });
}

/** Best-effort fsync of a directory so a rename survives power loss (not possible on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot open or fsync directories; the data itself is already synced.
  }
}

function syncDirectorySync(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // As in syncDirectory: best effort only.
  }
}

/** Writes a new file (which must not exist yet) and flushes it to disk. */
async function writeNewFile(path: string, data: FileData): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` atomically: readers see the old file or the new one, and a
 * failure leaves the old file untouched and no temporary behind. The parent directory must
 * exist. Throws an Error naming `path` (the system error is its `cause`).
 */
export async function writeFileAtomic(path: string, data: FileData): Promise<void> {
  checkArgs("writeFileAtomic", path, data);
  const temp = siblingName(path, "tmp");
  try {
    await writeNewFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw failure("writeFileAtomic", path, error);
  }
  await syncDirectory(dirname(resolve(path)));
}

/** The synchronous twin of {@link writeFileAtomic}, for command-line tools and scripts. */
export function writeFileAtomicSync(path: string, data: FileData): void {
  checkArgs("writeFileAtomicSync", path, data);
  const temp = siblingName(path, "tmp");
  try {
    const fd = openSync(temp, "wx");
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw failure("writeFileAtomicSync", path, error);
  }
  syncDirectorySync(dirname(resolve(path)));
}

/** Options of {@link writeDirAtomic}. */
export interface WriteDirOptions {
  /** Replace an existing file or directory at the path (default false: throw instead). */
  overwrite?: boolean;
}

/** A plain file name: no separators, not empty, not `.` or `..`. */
function checkFileName(name: string, fn: string): void {
  if (name === "" || name === "." || name === ".." || /[/\\\0]/.test(name)) {
    throw new TypeError(
      `${fn}: file names must be plain names without path separators, got ${JSON.stringify(name)}`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Creates the directory `path` holding `files` (name → content) atomically: everything is
 * written and flushed into a hidden temporary sibling directory, which is then renamed to
 * `path`. Missing parent directories are created. If `path` exists, this throws unless
 * `overwrite` is set; then the old entry is first renamed aside and deleted only after the new
 * directory is in place (a crash between those two renames leaves the old one in
 * `.<name>.<random>.old` beside it). On failure nothing is left behind.
 */
export async function writeDirAtomic(
  path: string,
  files: Readonly<Record<string, FileData>>,
  options: WriteDirOptions = {},
): Promise<void> {
  const fn = "writeDirAtomic";
  if (typeof path !== "string" || path.length === 0) {
    throw new TypeError(`${fn}: path must be a non-empty string, got ${describe(path)}`);
  }
  if (typeof files !== "object" || files === null) {
    throw new TypeError(`${fn}: files must be an object of name → data, got ${describe(files)}`);
  }
  for (const [name, data] of Object.entries(files)) {
    checkFileName(name, fn);
    checkArgs(fn, join(path, name), data);
  }
  const overwrite = options.overwrite ?? false;
  const alreadyThere = await exists(path);
  if (alreadyThere && !overwrite) {
    throw new Error(`${fn}: "${path}" already exists; pass { overwrite: true } to replace it`);
  }
  const parent = dirname(resolve(path));
  const temp = siblingName(path, "tmp");
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(temp);
    for (const [name, data] of Object.entries(files)) {
      await writeNewFile(join(temp, name), data);
    }
    await syncDirectory(temp);
    if (alreadyThere) {
      const old = siblingName(path, "old");
      await rename(path, old);
      try {
        await rename(temp, path);
      } catch (error) {
        await rename(old, path);
        throw error;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, path);
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (!alreadyThere && (code === "ENOTEMPTY" || code === "EEXIST")) {
      // Someone created the directory while we were writing.
      throw new Error(`${fn}: "${path}" already exists; pass { overwrite: true } to replace it`, {
        cause: error,
      });
    }
    throw failure(fn, path, error);
  }
  await syncDirectory(parent);
}
