// Where libnftables' time goes, by shared object and by symbol: `perf record` over the C driver
// (scripts/bench/c/nft_lib_phases.c) applying the whole ruleset PROFILE_REPS times in a namespace of its
// own. libnftables exports only its API, so its own code shows as one object (parser, evaluation,
// linearisation); libnftnl builds and parses the netlink objects; the kernel runs the transaction.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeNamespace, nsPath, removeNamespace } from './namespace';
import { inputFile } from './ruleset';
import { uniqueBenchName } from '../util';

/** Applies recorded: enough samples to rank the symbols. */
export const PROFILE_REPS = 10;

export interface Share {
  percent: number;
  what: string;
}

export interface Profile {
  /** perf's count, as it prints it ("2K"). */
  samples: string;
  byObject: Share[];
  bySymbol: Share[];
}

/** perf report's "  12.34%  a  b" lines, joined columns after the percentage. */
function shares(report: string, top: number): Share[] {
  return report.split('\n').flatMap((line) => {
    const m = /^\s*([\d.]+)%\s+(.*\S)\s*$/.exec(line);
    return m ? [{ percent: Number(m[1]), what: m[2].replace(/\s{2,}/g, '  ') }] : [];
  }).slice(0, top);
}

/** undefined (with the reason in `why`) where perf is missing or not permitted. */
export function profile(tmp: string, driver: string, why: (reason: string) => void): Profile | undefined {
  const file = path.join(tmp, 'profile.nft');
  fs.writeFileSync(file, inputFile('ruleset', 'text', 0));
  const data = path.join(tmp, 'perf.data');
  const ns = makeNamespace(uniqueBenchName('fw-perf'));
  try {
    execFileSync('perf', ['record', '-q', '-F', '4999', '-o', data, '--', driver, nsPath(ns), 'text', 'reset',
      ...Array.from({ length: PROFILE_REPS }, () => file)], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    why(`perf record: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim().split('\n')[0]}`);
    return undefined;
  } finally {
    removeNamespace(ns);
  }
  const report = (sort: string): string => execFileSync('perf', ['report', '-i', data, '--stdio', '--no-children', '--sort', sort],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
  const byObject = report('dso');
  const samples = /^# Samples: (\S+)/m.exec(byObject)?.[1] ?? '?';
  return { samples, byObject: shares(byObject, 8), bySymbol: shares(report('dso,sym'), 15) };
}
