// The markdown of `npm run bench -- peers`: the figures (rows = workloads, columns = tools, the
// library's ways in one column with their event-loop delay), then each column's speed relative to
// the best peer, then what was measured how.
import { bestPeer, formatFigure, loopDelay, ratioToBest, shown, type Cell, type Row } from './summary';
import { COLUMNS } from './tools';

const PEERS = COLUMNS.filter((c) => c.peer);

/** The short name of a library column inside the netns cell: "all at once", "batch()". */
const netnsWay = (label: string): string => label.replace(/^netns /, '');

function ms(x: number): string {
  return x < 10 ? x.toFixed(1) : x.toFixed(0);
}

function figure(row: Row, cell: Cell): string {
  if (cell.notAvailable) return `not available (${cell.notAvailable})`;
  if (cell.error) return `**failed** (${cell.error})`;
  const value = shown(row, cell);
  if (value === undefined) return '';
  return formatFigure(value, row.workload.unit) + (cell.note ? ` (${cell.note})` : '');
}

function netnsCell(row: Row): string {
  return row.cells.filter((c) => !c.column.peer).map((c) => {
    const delay = loopDelay(c);
    const loop = delay ? ` (loop p99 ${delay.p99 === undefined ? 'no sample' : `${ms(delay.p99)} ms`}, gap ${ms(delay.gap)} ms)` : '';
    return `${netnsWay(c.column.label)} ${figure(row, c)}${loop}`;
  }).join('; ');
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export interface RunInfo {
  date: string;
  machine: string;
  reps: number;
  quick: boolean;
  notes: string[];
}

export function markdown(rows: Row[], info: RunInfo): string {
  const out: string[] = [];
  out.push(`Measured ${info.date} on ${info.machine}; median of ${info.reps} repetitions${info.quick ? ' (--quick: counts / 10)' : ''}.`, '');
  out.push(`| workload | ${PEERS.map((c) => c.label).join(' | ')} | netns |`);
  out.push(`|---|${PEERS.map(() => '---:').join('|')}|---|`);
  for (const row of rows) {
    const peerCells = PEERS.map((col) => {
      const cell = row.cells.find((c) => c.column.id === col.id);
      return cell ? escape(figure(row, cell)) : '';
    });
    out.push(`| ${row.workload.title}, ${row.workload.unit} | ${peerCells.join(' | ')} | ${escape(netnsCell(row))} |`);
  }
  out.push('', 'Speed relative to the best peer (best of ip -batch, Go, pyroute2, C): the best peer\'s time / the tool\'s time, above 1 is faster.', '');
  const columns = COLUMNS.filter((col) => rows.some((r) => r.cells.some((c) => c.column.id === col.id)));
  out.push(`| workload | best peer | ${columns.map((c) => c.label).join(' | ')} |`);
  out.push(`|---|---|${columns.map(() => '---:').join('|')}|`);
  for (const row of rows) {
    const ratios = columns.map((col) => {
      const cell = row.cells.find((c) => c.column.id === col.id);
      const ratio = cell && ratioToBest(row, cell);
      return ratio === undefined ? '' : `${ratio.toFixed(2)}x`;
    });
    out.push(`| ${row.workload.title} | ${bestPeer(row)?.cell.column.label ?? 'none'} | ${ratios.join(' | ')} |`);
  }
  out.push('', ...info.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
