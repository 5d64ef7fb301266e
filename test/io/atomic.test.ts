import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeDirAtomic, writeFileAtomic, writeFileAtomicSync } from "../../src/io/atomic.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ncps-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = async (path: string) => readFile(path, "utf8");
/** NAME_MAX is 255 bytes on the usual file systems: opening such a name fails mid-write. */
const TOO_LONG = "x".repeat(300);

describe("writeFileAtomic", () => {
  it("writes bytes, and strings as UTF-8", async () => {
    await writeFileAtomic(join(dir, "a.bin"), Uint8Array.from([1, 2, 255]));
    await writeFileAtomic(join(dir, "b.txt"), "héllo");
    expect(Array.from(await readFile(join(dir, "a.bin")))).toEqual([1, 2, 255]);
    expect(await text(join(dir, "b.txt"))).toBe("héllo");
    expect((await readdir(dir)).sort()).toEqual(["a.bin", "b.txt"]);
  });

  it("replaces an existing file and leaves no temporary", async () => {
    const path = join(dir, "f.json");
    await writeFile(path, "old content that is longer");
    await writeFileAtomic(path, "new");
    expect(await text(path)).toBe("new");
    expect(await readdir(dir)).toEqual(["f.json"]);
  });

  it("on failure names the path, keeps the target and removes the temporary", async () => {
    const target = join(dir, "taken");
    await mkdir(target);
    await writeFile(join(target, "inside"), "keep");
    await expect(writeFileAtomic(target, "data")).rejects.toThrow(
      `writeFileAtomic: could not write "${target}"`,
    );
    expect(await readdir(dir)).toEqual(["taken"]);
    expect(await text(join(target, "inside"))).toBe("keep");
    await expect(writeFileAtomic(join(dir, "missing", "f"), "x")).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(["taken"]);
  });

  it("leaves one complete version when writes race", async () => {
    const path = join(dir, "race.txt");
    const versions = Array.from({ length: 8 }, (_, i) => String(i).repeat(10_000));
    await Promise.all(versions.map((v) => writeFileAtomic(path, v)));
    expect(versions).toContain(await text(path));
    expect(await readdir(dir)).toEqual(["race.txt"]);
  });

  it("rejects bad arguments", async () => {
    await expect(writeFileAtomic("", "x")).rejects.toThrow(
      /path must be a non-empty string, got ""/,
    );
    await expect(writeFileAtomic(join(dir, "f"), 5 as unknown as string)).rejects.toThrow(
      /data must be a Uint8Array or a string, got number 5/,
    );
  });
});

describe("writeFileAtomicSync", () => {
  it("writes, replaces and cleans up like the async version", async () => {
    const path = join(dir, "s.txt");
    writeFileAtomicSync(path, "one");
    writeFileAtomicSync(path, Uint8Array.from([50]));
    expect(await text(path)).toBe("2");
    await mkdir(join(dir, "d"));
    expect(() => writeFileAtomicSync(join(dir, "d"), "x")).toThrow(
      /writeFileAtomicSync: could not write/,
    );
    expect((await readdir(dir)).sort()).toEqual(["d", "s.txt"]);
  });
});

describe("writeDirAtomic", () => {
  it("creates the directory with its files, creating missing parents", async () => {
    const path = join(dir, "runs", "ckpt-1");
    await writeDirAtomic(path, { "a.json": "{}", "b.bin": Uint8Array.from([7]) });
    expect((await readdir(path)).sort()).toEqual(["a.json", "b.bin"]);
    expect(await text(join(path, "a.json"))).toBe("{}");
    expect(await readdir(join(dir, "runs"))).toEqual(["ckpt-1"]);
  });

  it("never replaces an existing entry unless asked", async () => {
    const path = join(dir, "ckpt");
    await writeDirAtomic(path, { "v.txt": "1", "only-in-old.txt": "x" });
    await expect(writeDirAtomic(path, { "v.txt": "2" })).rejects.toThrow(
      `writeDirAtomic: "${path}" already exists; pass { overwrite: true } to replace it`,
    );
    expect(await text(join(path, "v.txt"))).toBe("1");
    await writeDirAtomic(path, { "v.txt": "2" }, { overwrite: true });
    expect(await readdir(path)).toEqual(["v.txt"]);
    expect(await text(join(path, "v.txt"))).toBe("2");
    expect(await readdir(dir)).toEqual(["ckpt"]);
  });

  it("on a failure mid-write leaves nothing new and the old directory intact", async () => {
    const path = join(dir, "ckpt");
    await expect(writeDirAtomic(path, { "a.txt": "a", [TOO_LONG]: "b" })).rejects.toThrow(
      `writeDirAtomic: could not write "${path}"`,
    );
    expect(await readdir(dir)).toEqual([]);
    await writeDirAtomic(path, { "a.txt": "old" });
    await expect(
      writeDirAtomic(path, { "a.txt": "new", [TOO_LONG]: "b" }, { overwrite: true }),
    ).rejects.toThrow(/could not write/);
    expect(await readdir(dir)).toEqual(["ckpt"]);
    expect(await text(join(path, "a.txt"))).toBe("old");
  });

  it("rejects file names that are not plain names, before writing", async () => {
    for (const name of ["", ".", "..", "sub/file", "a\\b"]) {
      await expect(writeDirAtomic(join(dir, "c"), { [name]: "x" })).rejects.toThrow(
        /file names must be plain names without path separators/,
      );
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
