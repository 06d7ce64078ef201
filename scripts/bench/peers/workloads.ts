// The five workloads of `npm run bench -- peers` (six rows: the link set is measured cold and
// warm): how many operations each does, and how its figure is shown.

export type WorkloadId = 'add100k' | 'add10k' | 'mtu' | 'mtuWarm' | 'dump' | 'netns';

export interface Workload {
  id: WorkloadId;
  /** The table's row title. */
  title: string;
  /** Operations timed (routes added, link sets, routes dumped, create+delete pairs). */
  count: number;
  /** Untimed operations before them in the same process (link set only). */
  warm: number;
  /** Unit of the figure shown: per-operation ms turned into what the row reports. */
  unit: string;
  show: (msPerOp: number, count: number) => number;
}

/** 100 000: thousands grouped with spaces, as the tables print counts and rates. */
export function grouped(n: number): string {
  return n.toLocaleString('en-US').replace(/,/g, ' ');
}

/** --quick divides the counts by this, for a trial run. */
const QUICK = 10;

export function workloads(quick: boolean): Workload[] {
  const n = (full: number): number => (quick ? Math.max(1, Math.round(full / QUICK)) : full);
  return [
    { id: 'add100k', title: `${grouped(n(100_000))} route adds`, count: n(100_000), warm: 0, unit: 'routes/s', show: (ms) => 1000 / ms },
    { id: 'add10k', title: `${grouped(n(10_000))} route adds in a fresh process`, count: n(10_000), warm: 0, unit: 'routes/s', show: (ms) => 1000 / ms },
    { id: 'mtu', title: `awaited \`link set mtu\`, ${grouped(n(2000))} in a fresh process`, count: n(2000), warm: 0, unit: 'µs/op', show: (ms) => ms * 1000 },
    { id: 'mtuWarm', title: `same, after ${grouped(n(10_000))} warm-up operations`, count: n(2000), warm: n(10_000), unit: 'µs/op', show: (ms) => ms * 1000 },
    { id: 'dump', title: `dump ${grouped(n(100_000))} routes into objects`, count: n(100_000), warm: 0, unit: 's', show: (ms, count) => (ms * count) / 1000 },
    { id: 'netns', title: 'named namespace create + delete', count: n(200), warm: 0, unit: 'ms', show: (ms) => ms },
  ];
}

/** The route every tool adds as its i-th: a /32 in 198.18.0.0/15, the benchmarking range. */
export function routePrefix(i: number): string {
  return `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`;
}

/** The mtu every tool sets as its i-th link set (warm-up included): 1500, 1400, 1500, ... */
export function mtuAt(i: number): number {
  return i & 1 ? 1400 : 1500;
}

export const TABLE = 100;
export const GATEWAY = '10.0.0.2';
