// The contenders of `npm run bench -- peers` and how each runs a workload in a fresh process: this
// library (a worker script, three ways), `ip -batch`, Go vishvananda/netlink, pyroute2 and plain C.
// A tool that is not installed is found out once, up front, and reported with the reason. The
// PEERS_IP, PEERS_GO, PEERS_PYTHON and PEERS_CC variables point at other binaries (a missing one
// shows the not-available path).
import path from 'node:path';
import { C_PROGRAM, SOURCES, buildC, buildGo, probe, type Availability } from './availability';
import { IFNAME } from './fresh-namespace';
import { ipBatch, runProgram, spawnChecked, type Measured } from './spawn';
import type { Cell } from './summary';
import { GATEWAY, TABLE, mtuAt, routePrefix, type Workload, type WorkloadId } from './workloads';

export type { Measured } from './spawn';

export type ToolId = 'ip' | 'go' | 'py' | 'c' | 'netns';

export interface Column {
  id: string;
  tool: ToolId;
  label: string;
  /** The library's own columns are measured against the best of the others. */
  peer: boolean;
}

export const COLUMNS: Column[] = [
  { id: 'ip', tool: 'ip', label: 'ip -batch', peer: true },
  { id: 'go', tool: 'go', label: 'Go netlink', peer: true },
  { id: 'py', tool: 'py', label: 'pyroute2', peer: true },
  { id: 'c', tool: 'c', label: 'C, ack per datagram', peer: true },
  { id: 'netns-awaited', tool: 'netns', label: 'netns awaited', peer: false },
  { id: 'netns-all', tool: 'netns', label: 'netns all at once', peer: false },
  { id: 'netns-batch', tool: 'netns', label: 'netns batch()', peer: false },
  { id: 'netns-list', tool: 'netns', label: 'netns list()', peer: false },
  { id: 'netns-stream', tool: 'netns', label: 'netns stream()', peer: false },
];

/** Where a run happens: the fresh namespace (or, for create+delete, the name prefix to use). */
export interface Target {
  ns: string;
  prefix: string;
}

/** A column's way to run one workload (with what to say beside its figure), or why it does not apply. */
export type Plan = { run: (w: Workload, t: Target) => Measured; note?: string } | { notApplicable: string };

export class Tools {
  /** Each tool's binary or why it is not available (C: its first program that did not build). */
  readonly available: Record<ToolId, Availability>;
  private readonly cBuilt: Record<string, Availability>;

  constructor(private readonly tmp: string) {
    const python = process.env.PEERS_PYTHON ?? '/usr/bin/python3';
    this.cBuilt = buildC(tmp);
    const py = probe(python, ['-c', 'import pyroute2']);
    this.available = {
      netns: { ok: true, bin: process.execPath },
      ip: probe(process.env.PEERS_IP ?? 'ip', ['-V']),
      go: buildGo(tmp),
      py: py.ok ? py : { ok: false, reason: `no pyroute2 (${py.reason})` },
      c: Object.values(this.cBuilt).find((a) => !a.ok) ?? { ok: true, bin: tmp },
    };
  }

  /**
   * A workload's cells: every column that applies to it, those whose tool is missing (or that
   * cannot do it) marked not available with the reason, so that the table shows them.
   */
  cells(w: WorkloadId): Cell[] {
    return COLUMNS.flatMap((column): Cell[] => {
      const plan = this.plan(column, w);
      if (!plan) return [];
      const notAvailable = this.unavailable(column, w) ?? ('notApplicable' in plan ? plan.notApplicable : undefined);
      return [{ column, runs: [], notAvailable, note: 'note' in plan ? plan.note : undefined }];
    });
  }

  /** Why a column cannot run a workload at all (its tool, or for C that workload's program, missing). */
  unavailable(column: Column, w: WorkloadId): string | undefined {
    const a = column.tool === 'c' ? this.cBuilt[C_PROGRAM[w]] : this.available[column.tool];
    return a.ok ? undefined : a.reason;
  }

  plan(column: Column, w: WorkloadId): Plan | undefined {
    switch (column.tool) {
      case 'netns': return this.netnsPlan(column.id, w);
      case 'ip': return this.ipPlan(w);
      case 'c': return this.cPlan(w);
      default: return this.programPlan(column.tool, w);
    }
  }

  private bin(tool: ToolId): string {
    const a = this.available[tool];
    if (!a.ok) throw new Error(`${tool} is not available`);
    return a.bin;
  }

  /** The library's worker: awaited / all at once / batch() for adds, list() / stream() for the dump. */
  private netnsPlan(id: string, w: WorkloadId): Plan | undefined {
    const worker = path.join(__dirname, 'netns-worker.js');
    const node = (args: (t: Target, wl: Workload) => string[]): Plan => ({
      run: (wl, t) => runProgram([process.execPath, worker, ...args(t, wl)], wl.count),
    });
    const mode = id.slice('netns-'.length);
    if (w === 'add100k' || w === 'add10k') {
      return ['awaited', 'all', 'batch'].includes(mode) ? node((t, wl) => ['add', t.ns, String(wl.count), mode]) : undefined;
    }
    if (w === 'dump') return ['list', 'stream'].includes(mode) ? node((t) => ['dump', t.ns, String(TABLE), mode]) : undefined;
    if (mode !== 'awaited') return undefined;
    if (w === 'netns') return node((t, wl) => ['netns', t.prefix, String(wl.count)]);
    return node((t, wl) => ['mtu', t.ns, IFNAME, String(wl.count), String(wl.warm)]);
  }

  private ipPlan(w: WorkloadId): Plan {
    const bin = (): string => this.bin('ip');
    const batch = (lines: (t: Target, wl: Workload) => string[], inNs = true): Plan => ({
      run: (wl, t) => ipBatch(bin(), lines(t, wl), wl.count, this.tmp, inNs ? t.ns : undefined),
    });
    switch (w) {
      case 'add100k':
      case 'add10k':
        return batch((_t, wl) => Array.from({ length: wl.count }, (_, i) => `route add ${routePrefix(i)} via ${GATEWAY} table ${TABLE}`));
      case 'mtu':
        return batch((_t, wl) => Array.from({ length: wl.count }, (_, i) => `link set dev ${IFNAME} mtu ${mtuAt(i)}`));
      case 'mtuWarm':
        return { notApplicable: 'every ip -batch is a new process: nothing stays warm' };
      case 'netns':
        return batch((t, wl) => Array.from({ length: wl.count }, (_, i) => [`netns add ${t.prefix}-${i}`, `netns del ${t.prefix}-${i}`]).flat(), false);
      case 'dump':
        return {
          note: '`ip -j` + parse',
          run: (_wl, t) => {
            const t0 = performance.now();
            const routes = JSON.parse(spawnChecked([bin(), '-n', t.ns, '-j', 'route', 'show', 'table', String(TABLE)])) as unknown[];
            return { ms: performance.now() - t0, count: routes.length };
          },
        };
    }
  }

  private cPlan(w: WorkloadId): Plan {
    const c = (name: string, args: (t: Target, wl: Workload) => string[]): Plan => ({
      run: (wl, t) => {
        const built = this.cBuilt[name];
        if (!built.ok) throw new Error(`${name} is not available`);
        return runProgram([built.bin, ...args(t, wl)], wl.count);
      },
    });
    const nsPath = (t: Target): string => `/run/netns/${t.ns}`;
    switch (w) {
      case 'add100k':
      case 'add10k':
        return c('route_add_peer', (t, wl) => [nsPath(t), String(wl.count)]);
      case 'mtu':
      case 'mtuWarm':
        return { ...c('link_set_mtu', (t, wl) => [nsPath(t), IFNAME, String(wl.count), String(wl.warm)]), note: 'ack each' };
      case 'dump':
        return { ...c('route_dump', (t) => [nsPath(t), String(TABLE)]), note: 'into structs' };
      case 'netns':
        return c('netns_create_delete', (t, wl) => [t.prefix, String(wl.count)]);
    }
  }

  /** Go and pyroute2 take the same arguments. */
  private programPlan(tool: 'go' | 'py', w: WorkloadId): Plan {
    const argv = (): string[] => (tool === 'go' ? [this.bin('go')] : [this.bin('py'), path.join(SOURCES, 'peers', 'pyroute2_peer.py')]);
    const args = (wl: Workload, t: Target): string[] => {
      switch (w) {
        case 'add100k':
        case 'add10k': return ['add', t.ns, String(wl.count)];
        case 'mtu':
        case 'mtuWarm': return ['mtu', t.ns, IFNAME, String(wl.count), String(wl.warm)];
        case 'dump': return ['dump', t.ns, String(TABLE)];
        case 'netns': return ['netns', t.prefix, String(wl.count)];
      }
    };
    return { run: (wl, t) => runProgram([...argv(), ...args(wl, t)], wl.count) };
  }
}
