// The SVG bar chart of `npm run bench -- peers`, written as text (no dependency): one group per
// workload, one horizontal bar per tool, the speed relative to the best peer printed at each bar's
// end, and a dashed line at 1 (the best peer).
import { formatFigure, ratioToBest, shown, type Row } from './summary';
import type { ToolId } from './tools';

const COLOURS: Record<ToolId, string> = { ip: '#8c8c8c', go: '#2a9d8f', py: '#e9c46a', c: '#264653', netns: '#e76f51' };

const LEFT = 230;       // tool labels
const PLOT = 520;       // bar area
const RIGHT = 190;      // ratios and figures
const BAR = 14;
const STEP = 18;        // bar + gap
const HEADER = 24;      // a group's title
const TOP = 48;
const BOTTOM = 56;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round axis end at or above the largest ratio (and at least 1.2, so the line at 1 shows). */
function axisMax(max: number): number {
  const steps = [1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100];
  return steps.find((s) => s >= max) ?? Math.ceil(max);
}

export function chart(rows: Row[], title: string): string {
  const ratios = rows.flatMap((r) => r.cells.map((c) => ratioToBest(r, c) ?? 0));
  const max = axisMax(Math.max(1, ...ratios));
  const x = (v: number): number => LEFT + (v / max) * PLOT;
  const height = TOP + rows.reduce((h, r) => h + HEADER + r.cells.length * STEP, 0) + BOTTOM;
  const width = LEFT + PLOT + RIGHT;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  let y = TOP;
  for (const row of rows) {
    out.push(`<text x="28" y="${y + 16}" font-weight="bold">${esc(`${row.workload.title} (${row.workload.unit})`)}</text>`);
    y += HEADER;
    for (const cell of row.cells) {
      const ratio = ratioToBest(row, cell);
      const label = cell.note ? `${cell.column.label} (${cell.note.replace(/`/g, '')})` : cell.column.label;
      out.push(`<text x="${LEFT - 6}" y="${y + BAR - 3}" text-anchor="end">${esc(label)}</text>`);
      if (ratio === undefined) {
        const why = cell.notAvailable ? 'not available' : cell.error ? 'failed' : 'no figure';
        out.push(`<text x="${LEFT + 4}" y="${y + BAR - 3}" fill="#888888" font-style="italic">${why}</text>`);
      } else {
        out.push(`<rect x="${LEFT}" y="${y}" width="${(x(ratio) - LEFT).toFixed(1)}" height="${BAR}" fill="${COLOURS[cell.column.tool]}"/>`);
        const figure = `${formatFigure(shown(row, cell)!, row.workload.unit)} ${row.workload.unit}`;
        out.push(`<text x="${(x(ratio) + 4).toFixed(1)}" y="${y + BAR - 3}">${ratio.toFixed(2)}x <tspan fill="#666666">(${esc(figure)})</tspan></text>`);
      }
      y += STEP;
    }
  }
  // The axis: ticks, the line at 1 (the best peer) and the axis titles.
  const axisY = y + 6;
  out.push(`<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${axisY}" stroke="#000000"/>`);
  out.push(`<line x1="${LEFT}" y1="${axisY}" x2="${LEFT + PLOT}" y2="${axisY}" stroke="#000000"/>`);
  const tick = max <= 2 ? 0.25 : max <= 5 ? 0.5 : max <= 10 ? 1 : max / 10;
  for (let v = 0; v <= max + 1e-9; v += tick) {
    out.push(`<line x1="${x(v).toFixed(1)}" y1="${axisY}" x2="${x(v).toFixed(1)}" y2="${axisY + 4}" stroke="#000000"/>`);
    out.push(`<text x="${x(v).toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${Number(v.toFixed(2))}</text>`);
  }
  out.push(`<line x1="${x(1).toFixed(1)}" y1="${TOP}" x2="${x(1).toFixed(1)}" y2="${axisY}" stroke="#000000" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${LEFT + PLOT / 2}" y="${axisY + 36}" text-anchor="middle">speed relative to the best peer (best peer's time / tool's time; 1 = best peer, dashed)</text>`);
  out.push(`<text x="12" y="${(TOP + axisY) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(TOP + axisY) / 2})">workload / tool</text>`);
  out.push('</svg>', '');
  return out.join('\n');
}
