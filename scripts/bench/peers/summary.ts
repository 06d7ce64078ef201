// Medians of the repetitions, and each column's speed relative to the best peer of its workload.
import { median } from '../util';
import type { Column, Measured } from './tools';
import { grouped, type Workload } from './workloads';

/** One column of one workload: its runs, or why it has none. */
export interface Cell {
  column: Column;
  runs: Measured[];
  /** The tool is missing, or the workload does not apply to it. */
  notAvailable?: string;
  /** A run failed or its result did not match the kernel's: no figure. */
  error?: string;
  /** Said beside the figure: how this tool did the workload, where it differs from its column. */
  note?: string;
}

export interface Row {
  workload: Workload;
  cells: Cell[];
}

/** Median ms per operation, or undefined without a (valid) run. */
export function msPerOp(cell: Cell): number | undefined {
  if (cell.error || cell.notAvailable || cell.runs.length === 0) return undefined;
  return median(cell.runs.map((m) => m.ms / m.count));
}

/** Median event-loop delay of the library's runs: p99 (only from runs that took samples) and gap. */
export function loopDelay(cell: Cell): { p99?: number; gap: number } | undefined {
  const runs = cell.runs.filter((m) => m.gap !== undefined);
  if (runs.length === 0) return undefined;
  const sampled = runs.filter((m) => (m.samples ?? 0) > 0);
  return {
    p99: sampled.length ? median(sampled.map((m) => m.p99!)) : undefined,
    gap: median(runs.map((m) => m.gap!)),
  };
}

/** The peer column with the lowest median time per operation. */
export function bestPeer(row: Row): { cell: Cell; ms: number } | undefined {
  let best: { cell: Cell; ms: number } | undefined;
  for (const cell of row.cells) {
    const ms = cell.column.peer ? msPerOp(cell) : undefined;
    if (ms !== undefined && (!best || ms < best.ms)) best = { cell, ms };
  }
  return best;
}

/** Best peer's time / this column's time: above 1 is faster than the best peer. */
export function ratioToBest(row: Row, cell: Cell): number | undefined {
  const best = bestPeer(row);
  const ms = msPerOp(cell);
  return best && ms !== undefined ? best.ms / ms : undefined;
}

/** A workload's figure as its row shows it (routes/s, µs/op, s, ms). */
export function shown(row: Row, cell: Cell): number | undefined {
  const ms = msPerOp(cell);
  return ms === undefined ? undefined : row.workload.show(ms, row.workload.count);
}

/** 76 100 (rates, to the hundred), 41.8 (µs), 0.41 / 0.050 (s, two significant digits), 0.97 (ms). */
export function formatFigure(value: number, unit: string): string {
  if (unit === 'routes/s') return grouped(Math.round(value / 100) * 100);
  if (unit === 'µs/op') return value.toFixed(1);
  if (unit === 's') return value.toPrecision(2);
  return value.toFixed(2);
}
