// Which tools are installed: ip and pyroute2 probed, the Go program and the C references built
// into a temporary directory. What is missing comes back with the reason, for the table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkloadId } from './workloads';

/** The repository: the first directory up from here with a package.json (from dist/ or from source). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}

const ROOT = repositoryRoot();
export const SOURCES = path.join(ROOT, 'scripts', 'bench');

export type Availability = { ok: true; bin: string } | { ok: false; reason: string };

/** ENOENT from spawning a binary says it is not installed; anything else, its first line. */
function firstLine(err: unknown): string {
  if ((err as { code?: string }).code === 'ENOENT') return 'not installed (ENOENT)';
  return String((err as Error).message ?? err).split('\n')[0];
}

export function probe(bin: string, args: string[]): Availability {
  try {
    execFileSync(bin, args, { stdio: 'pipe' });
    return { ok: true, bin };
  } catch (err) {
    return { ok: false, reason: `${bin}: ${firstLine(err)}` };
  }
}

/** Builds the Go program in GOPATH mode against Debian's /usr/share/gocode: no module download. */
export function buildGo(tmp: string): Availability {
  const go = process.env.PEERS_GO ?? 'go';
  const bin = path.join(tmp, 'peer-go');
  const env = {
    ...process.env, GOPATH: `${path.join(tmp, 'gopath')}:/usr/share/gocode`, GO111MODULE: 'off',
    GOCACHE: path.join(tmp, 'gocache'), GOFLAGS: '', GOPROXY: 'off',
  };
  try {
    execFileSync(go, ['build', '-o', bin, path.join(SOURCES, 'peers', 'go', 'peer.go')], { env, stdio: 'pipe' });
    return { ok: true, bin };
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n')[0];
    return { ok: false, reason: `go build: ${stderr || firstLine(err)}` };
  }
}

/** The C reference each workload runs. */
export const C_PROGRAM: Record<WorkloadId, string> = {
  add100k: 'route_add_peer', add10k: 'route_add_peer', mtu: 'link_set_mtu', mtuWarm: 'link_set_mtu',
  dump: 'route_dump', netns: 'netns_create_delete',
};
const C_PROGRAMS = [...new Set(Object.values(C_PROGRAM))];

/** Compiles each C reference into tmp: its binary, or why not. */
export function buildC(tmp: string): Record<string, Availability> {
  const cc = process.env.PEERS_CC ?? 'cc';
  const built: Record<string, Availability> = {};
  for (const name of C_PROGRAMS) {
    const bin = path.join(tmp, name);
    try {
      execFileSync(cc, ['-O2', '-o', bin, path.join(SOURCES, 'c', `${name}.c`), '-lpthread'], { stdio: 'pipe' });
      built[name] = { ok: true, bin };
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n')[0];
      built[name] = { ok: false, reason: `${cc}: ${stderr || firstLine(err)}` };
    }
  }
  return built;
}
