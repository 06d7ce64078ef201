// The contenders of `npm run bench -- firewall`, each applying a case REPS times in one fresh
// process (or, for nft, one process per apply, as a script spawns it): this library's
// ns.firewall.apply (nft syntax and JSON), `nft -f` through `ip netns exec` and through nsenter,
// libnftables called from C (with its phases), and the hand-encoded netlink batch in C. Each run
// returns the ms of every apply in order; the first is the one into a namespace nothing has used.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCES, probe, type Availability } from '../peers/availability';
import { spawnChecked } from '../peers/spawn';
import { nftIn, nsPath } from './namespace';
import { ONE_FIRST, RULES, inputFile, type CaseId, type Syntax } from './ruleset';

/** One phase split of a libnftables call (scripts/bench/c/nft_lib_phases.c), ms each. */
export type Phases = Record<'load' | 'ctx' | 'parse' | 'cache' | 'cacheSys' | 'eval' | 'kernel' | 'tail' | 'free' | 'run' | 'total', number>;

export interface Run {
  ms: number[];
  phases?: Phases[];
}

export interface Tool {
  id: string;
  label: string;
  /** Why it cannot run here, found once up front. */
  missing?: string;
  /** Cases it does not do, with the reason. */
  notFor?: Partial<Record<CaseId, string>>;
  run(c: CaseId, ns: string, reps: number): Run;
}

/** Compiles scripts/bench/c/NAME.c into tmp. */
function buildC(tmp: string, name: string, extra: string[] = []): Availability {
  const bin = path.join(tmp, name);
  try {
    execFileSync('cc', ['-O2', '-o', bin, path.join(SOURCES, 'c', `${name}.c`), ...extra], { stdio: 'pipe' });
    return { ok: true, bin };
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n')[0];
    return { ok: false, reason: `cc ${name}.c: ${stderr || (err as Error).message.split('\n')[0]}` };
  }
}

/** The files of one case's reps, written into tmp. */
function inputFiles(tmp: string, c: CaseId, syntax: Syntax, reps: number): string[] {
  return Array.from({ length: reps }, (_, rep) => {
    const file = path.join(tmp, `${c}-${syntax}-${rep}.${syntax === 'json' ? 'json' : 'nft'}`);
    fs.writeFileSync(file, inputFile(c, syntax, rep));
    return file;
  });
}

/** Between reps of the whole ruleset: back to an empty namespace, untimed. */
function resetBetween(c: CaseId, ns: string, rep: number, reps: number): void {
  if (c === 'ruleset' && rep < reps - 1) nftIn(ns, ['delete', 'table', 'inet', 'bench']);
}

const lastLine = (out: string): string => out.trim().split('\n').pop() ?? '';
const notOk = (a: Availability): string | undefined => (a.ok ? undefined : a.reason);

/** How the library's worker is started with its arguments: `node netns-worker.js ARGS` by default. */
export type Launch = (args: string[]) => string[];

/** The contenders, and the C driver of libnftables (for the profile) where it built. */
export function tools(tmp: string, launch?: Launch): { all: Tool[]; driver?: string } {
  const nft = probe('nft', ['--version']);
  const nsenter = probe('nsenter', ['--version']);
  const netlinkC = buildC(tmp, 'nft_netlink');
  const libC = buildC(tmp, 'nft_lib_phases', ['-rdynamic', '-ldl']);
  const python = probe('/usr/bin/python3', ['-c', 'import pyroute2.nftables.main']);
  const worker: Launch = launch ?? ((args) => [process.execPath, path.join(__dirname, 'netns-worker.js'), ...args]);

  /** nft spawned per apply, timed from the spawn to its exit. */
  const spawned = (id: string, label: string, argv: (ns: string) => string[], syntax: Syntax, missing?: string): Tool => ({
    id, label, missing,
    run: (c, ns, reps) => {
      const files = inputFiles(tmp, c, syntax, reps);
      const ms = files.map((file, rep) => {
        const t0 = performance.now();
        spawnChecked([...argv(ns), ...(syntax === 'json' ? ['-j'] : []), '-f', file]);
        const took = performance.now() - t0;
        resetBetween(c, ns, rep, reps);
        return took;
      });
      return { ms };
    },
  });

  const library = (syntax: Syntax): Tool => ({
    id: `netns-${syntax}`,
    label: `netns firewall.apply(${syntax === 'text' ? 'nft syntax' : 'nft JSON'})`,
    run: (c, ns, reps) => {
      const out = spawnChecked(worker([ns, syntax, c, String(reps)]));
      return JSON.parse(lastLine(out)) as Run;
    },
  });

  const libnftables = (syntax: Syntax): Tool => ({
    id: `libnftables-${syntax}`,
    label: `libnftables from C (${syntax === 'text' ? 'nft syntax' : 'nft JSON'})`,
    missing: notOk(libC) ?? notOk(nft),
    run: (c, ns, reps) => {
      const files = inputFiles(tmp, c, syntax, reps);
      const bin = (libC as { bin: string }).bin;
      const out = spawnChecked([bin, nsPath(ns), syntax, c === 'ruleset' ? 'reset' : 'keep', ...files]);
      const phases = out.trim().split('\n').map((l) => JSON.parse(l) as Phases);
      return { ms: phases.map((p) => p.total), phases };
    },
  });

  const all: Tool[] = [
    spawned('nft-ip', '`ip netns exec NS nft -f FILE`', (ns) => ['ip', 'netns', 'exec', ns, 'nft'], 'text', notOk(nft)),
    spawned('nft-nsenter', '`nsenter --net=... nft -f FILE`', (ns) => ['nsenter', `--net=${nsPath(ns)}`, 'nft'], 'text',
      notOk(nft) ?? notOk(nsenter)),
    spawned('nft-nsenter-json', '`nsenter --net=... nft -j -f FILE`', (ns) => ['nsenter', `--net=${nsPath(ns)}`, 'nft'], 'json',
      notOk(nft) ?? notOk(nsenter)),
    libnftables('text'),
    libnftables('json'),
    library('text'),
    library('json'),
    {
      id: 'c-netlink',
      label: 'hand-encoded netlink batch, C (floor)',
      missing: notOk(netlinkC),
      run: (c, ns, reps) => {
        const bin = (netlinkC as { bin: string }).bin;
        const out = spawnChecked([bin, nsPath(ns), c, String(c === 'ruleset' ? RULES : ONE_FIRST), String(reps)]);
        return { ms: lastLine(out).split(' ').map(Number) };
      },
    },
  ];
  const pyroute2 = (how: 'batch' | 'api', label: string, notFor?: Tool['notFor']): Tool => ({
    id: `pyroute2-${how}`, label, notFor, missing: python.ok ? undefined : `no pyroute2 nftables (${python.reason})`,
    run: (c, ns, reps) => {
      const out = spawnChecked(['/usr/bin/python3', path.join(SOURCES, 'firewall', 'pyroute2_nft.py'), nsPath(ns), how, c,
        String(c === 'ruleset' ? RULES : ONE_FIRST), String(reps)]);
      return { ms: lastLine(out).split(' ').map(Number) };
    },
  });
  all.push(
    pyroute2('batch', 'pyroute2, one transaction (begin/commit)'),
    pyroute2('api', "pyroute2 NFTables.rule('add')", { ruleset: 'a transaction per rule: not all or nothing' }),
  );
  return { all, driver: libC.ok ? libC.bin : undefined };
}
