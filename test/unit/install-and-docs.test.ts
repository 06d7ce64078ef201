// What a new user meets first: `npm ci` on a fresh clone, and the README's Quick start.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Where npm would find `name` for the package installed at `from` (node_modules lookup, inside out). */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return undefined;
  }
}

/**
 * The dependencies of every locked package that npm ci would look for and not find. npm ci
 * refuses such a lockfile ("Missing: X from lock file"), optional platform packages included:
 * they must be listed even though only one of them is installed on a given machine.
 */
export function missingFromLock(lock: { packages: Record<string, LockEntry> }, manifest: Record<string, Record<string, string> | undefined>): string[] {
  const missing: string[] = [];
  const root = lock.packages[''];
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      const locked = (root as Record<string, Record<string, string> | undefined>)[field]?.[name];
      if (locked !== range) missing.push(`package.json ${field}.${name}@${range} (lock root has ${locked ?? 'nothing'})`);
    }
  }
  for (const [at, entry] of Object.entries(lock.packages)) {
    if (at === '') continue;
    const wanted = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const [name, optionalPeer] of Object.entries(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[name]?.optional) wanted[name] = optionalPeer;
    }
    for (const name of Object.keys(wanted)) {
      if (!resolveIn(lock.packages, at, name)) missing.push(`${name} (wanted by ${at})`);
    }
  }
  return missing;
}

describe('install', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  test('package-lock.json holds every package npm ci looks for', () => {
    expect(missingFromLock(lock, manifest)).toEqual([]);
  });

  test('the check finds what made npm ci fail: an optional platform package missing from the lock', () => {
    const broken = JSON.parse(JSON.stringify(lock));
    const withOptional = Object.keys(broken.packages).find((k) => Object.keys(broken.packages[k].optionalDependencies ?? {}).length > 0);
    expect(withOptional).toBeDefined();
    const dep = Object.keys(broken.packages[withOptional!].optionalDependencies)[0];
    delete broken.packages[resolveIn(broken.packages, withOptional!, dep)!];
    expect(missingFromLock(broken, manifest)).toEqual([`${dep} (wanted by ${withOptional})`]);
  });

  test('.ci/run installs with npm ci and runs the README test command', () => {
    const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).not.toMatch(/^npm install\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  test('.ci/run lints before it tests, so a lint finding fails CI', () => {
    const ci = fs.readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    const lint = ci.search(/^npm run lint$/m);
    expect(lint).toBeGreaterThan(ci.search(/^npm ci\b/m));
    expect(lint).toBeLessThan(ci.search(/^npm test$/m));
  });
});

describe('README', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const quickStart = /## Quick start\n+```ts\n([\s\S]*?)\n```/.exec(readme)?.[1];

  test('the Quick start parses as plain JavaScript on this Node (it has no type annotations)', () => {
    expect(quickStart).toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netns-readme-'));
    try {
      const file = path.join(dir, 'quick-start.mjs');
      fs.writeFileSync(file, quickStart!);
      // node --check parses without running: a syntax error (e.g. `await using` on Node 20) fails.
      execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('await using is shown only with the form that works everywhere', () => {
    const code = quickStart!.split('\n').filter((l) => !l.trim().startsWith('//'));
    expect(code.some((l) => /\bawait using\b/.test(l))).toBe(false);
    expect(quickStart).toMatch(/try \{[\s\S]*\} finally \{\s*await \w+\.delete\(\);/);
    // The prose that introduces `await using` says where it is a syntax error and what to use there.
    const paragraph = readme.split('\n\n').find((p) => p.includes('`await using`'));
    expect(paragraph).toMatch(/syntax error/);
    expect(paragraph).toMatch(/try\/finally/);
  });
});
