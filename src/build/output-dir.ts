import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { SourceError, type Diagnostic } from '../diagnostics.js';
import { MANIFEST_PATH } from './output-forms.js';

/** Every file `build` wrote, with its sha256: what it may overwrite or delete, and nothing else. */
export type Manifest = ReadonlyMap<string, string>;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function manifestText(files: ReadonlyMap<string, string>): string {
  const entries: Record<string, string> = {};
  for (const p of [...files.keys()].sort()) entries[p] = sha256(files.get(p) as string);
  return JSON.stringify({ generator: 'unirule build', files: entries }, null, 2) + '\n';
}

export function readManifest(outDir: string): Manifest {
  const path = join(outDir, MANIFEST_PATH);
  if (!existsSync(path)) return new Map();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw SourceError.at(path, 1, 1, `the build manifest is not JSON (${err instanceof Error ? err.message : String(err)}); restore it or empty the folder`);
  }
  const files = (raw as { files?: unknown } | null)?.files;
  if (files === null || typeof files !== 'object' || Array.isArray(files)) throw SourceError.at(path, 1, 1, 'the build manifest has no `files` object');
  const out = new Map<string, string>();
  for (const [p, h] of Object.entries(files as Record<string, unknown>)) {
    // A manifest path that climbs out of the folder would let build delete anything.
    if (typeof h !== 'string' || p.split('/').includes('..') || p.startsWith('/')) throw SourceError.at(path, 1, 1, `the build manifest lists a bad entry ${JSON.stringify(p)}`);
    out.set(p, h);
  }
  return out;
}

function readIfFile(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return readFileSync(path, 'utf8');
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export interface BuildResult {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

/**
 * Brings the folder to the planned files. Refuses (SourceError, nothing written) when it would
 * overwrite or delete a file it did not write, or one changed by hand since it wrote it, or
 * when something that is not a folder stands where a generated file's folder must be. Each
 * file is written to a fresh temporary name and renamed over the old one, so a reader never
 * sees half a file; the manifest is written last. A file already holding exactly the planned
 * text is taken into the manifest without being written (nothing of anyone's is changed):
 * that is how a build interrupted before its manifest was written recovers.
 */
export function writeOutput(outDir: string, files: ReadonlyMap<string, string>): BuildResult {
  if (exists(outDir) && !statSync(outDir).isDirectory()) throw SourceError.at(outDir, 1, 1, 'the output folder is a file; give --out a folder');
  const manifest = readManifest(outDir);
  const problems: Diagnostic[] = [];
  const refuse = (p: string, message: string): void => {
    problems.push({ file: join(outDir, p), position: { line: 1, col: 1 }, severity: 'error', message });
  };
  const blocked = new Set<string>();
  for (const [p, text] of files) {
    const full = join(outDir, p);
    const parent = blockingParent(p, outDir);
    if (parent !== undefined) {
      if (!blocked.has(parent)) refuse(parent, `is not a folder, but generated files go below it (${p}); move it away`);
      blocked.add(parent);
      continue;
    }
    if (!exists(full)) continue;
    const current = readIfFile(full);
    if (current === undefined) refuse(p, 'is in the way of a generated file and is not a file; move it away');
    else if (current === text) continue;
    else if (!manifest.has(p)) refuse(p, 'was not written by unirule build; move it away (build never overwrites a file it did not write)');
    else if (sha256(current) !== manifest.get(p)) refuse(p, 'was changed since unirule build wrote it; move it away or delete it to regenerate');
  }
  const obsolete = [...manifest.keys()].filter((p) => !files.has(p) && exists(join(outDir, p)));
  for (const p of obsolete) {
    const current = readIfFile(join(outDir, p));
    if (current === undefined || sha256(current) !== manifest.get(p)) refuse(p, 'is no longer generated but was changed since unirule build wrote it; delete it yourself if it can go');
  }
  if (problems.length > 0) throw new SourceError(problems);

  const written: string[] = [];
  let unchanged = 0;
  for (const [p, text] of files) {
    const full = join(outDir, p);
    if (readIfFile(full) === text) {
      unchanged++;
      continue;
    }
    writeAtomically(full, text);
    written.push(p);
  }
  for (const p of obsolete) {
    unlinkSync(join(outDir, p));
    removeEmptyParents(outDir, join(outDir, p));
  }
  const newManifest = manifestText(files);
  const manifestFile = join(outDir, MANIFEST_PATH);
  if (readIfFile(manifestFile) !== newManifest) writeAtomically(manifestFile, newManifest);
  return { written, removed: obsolete, unchanged };
}

export interface Staleness {
  readonly missing: readonly string[];
  readonly stale: readonly string[];
  /** Written by an earlier build, no longer generated, still there. */
  readonly extra: readonly string[];
}

/** `build --check`: what a build would change; reads only. */
export function checkOutput(outDir: string, files: ReadonlyMap<string, string>): Staleness {
  const manifest = readManifest(outDir);
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [p, text] of files) {
    const current = readIfFile(join(outDir, p));
    if (current === undefined) missing.push(p);
    else if (current !== text) stale.push(p);
  }
  const extra = [...manifest.keys()].filter((p) => !files.has(p) && exists(join(outDir, p)));
  const currentManifest = readIfFile(join(outDir, MANIFEST_PATH));
  if (currentManifest === undefined) missing.push(MANIFEST_PATH);
  else if (currentManifest !== manifestText(files)) stale.push(MANIFEST_PATH);
  return { missing, stale, extra };
}

/**
 * The first folder on a generated file's path that exists and is not a folder (a file or a
 * link where `kql/` should be): mkdir would fail half-way through a build, so it is refused
 * before anything is written. Relative to the output folder, or undefined when none.
 */
function blockingParent(path: string, outDir: string): string | undefined {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    let st;
    try {
      st = lstatSync(join(outDir, rel));
    } catch {
      return undefined;
    }
    if (!st.isDirectory()) return rel;
  }
  return undefined;
}

/**
 * Temp file + rename: rename replaces the directory entry in one step, so a reader sees the old
 * file or the new one, never a mix. The temporary name is created exclusively (`wx`) with a
 * random part, so even a file someone left under that name is never overwritten; it is removed
 * again when anything fails.
 */
function writeAtomically(full: string, text: string): void {
  mkdirSync(dirname(full), { recursive: true });
  for (;;) {
    const temp = `${full}.unirule-tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      writeFileSync(temp, text, { encoding: 'utf8', flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    try {
      renameSync(temp, full);
    } catch (err) {
      try {
        unlinkSync(temp);
      } catch {
        // Already gone; the rename's error is the one to report.
      }
      throw err;
    }
    return;
  }
}

/** Folders emptied by a removal go too, up to (not including) the output folder. */
function removeEmptyParents(outDir: string, file: string): void {
  let dir = dirname(file);
  while (relative(outDir, dir) !== '' && !relative(outDir, dir).startsWith('..') && !relative(outDir, dir).includes(`..${sep}`)) {
    if (readdirSync(dir).length > 0) return;
    rmdirSync(dir);
    dir = dirname(dir);
  }
}
