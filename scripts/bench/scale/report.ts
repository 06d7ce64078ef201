// The scale benchmark's results as markdown: printed, and written to bench/results/scale.md.
import { PHASES, type NetnsReport, type ToolReport } from './types';

/** Targets of the issue: each phase within 1.2x of ip -batch; per idle handle ≤ 16 KiB and ≤ 1 fd. */
export const TARGET_RATIO = 1.2;
export const TARGET_KIB_PER_HANDLE = 16;
export const TARGET_FDS_PER_HANDLE = 1;

/** What a run found, for the report. */
export interface ScaleRun {
  count: number;
  prefix: string;
  tools: ToolReport[];
  /** The library's child's report; undefined when it failed. */
  netns?: NetnsReport;
  /** Why a tool failed, by tool. */
  errors: Partial<Record<ToolReport['tool'], string>>;
  /** ms waited after each tool for the kernel to free its namespaces (not in any figure). */
  settleMs: Record<string, number>;
  /** Names of the run still under /run/netns after every tool's delete phase. */
  left: string[];
}

export interface RunInfo { date: string; nproc: number; kernel: string; node: string; notes: string[] }

const ms = (x: number): string => x.toFixed(x < 100 ? 1 : 0);
const mib = (kib: number): string => (kib / 1024).toFixed(1);
const verdict = (ok: boolean): string => (ok ? 'met' : 'missed');

function netnsLines(n: NetnsReport, count: number): string[] {
  const perKiB = (n.idle.rssKiB - n.baseline.rssKiB) / count;
  const perFd = (n.idle.fds - n.baseline.fds) / count;
  const perHeap = (n.idle.heapKiB + n.idle.externalKiB - n.baseline.heapKiB - n.baseline.externalKiB) / count;
  return ['', `## netns: memory, fds and threads (${count} handles)`, '',
    '| | RSS (MiB) | V8 heap used (MiB) | external (MiB) | fds | threads |', '|---|---:|---:|---:|---:|---:|',
    ...([['baseline (library loaded, no handle)', n.baseline], [`all handles open, idle ${n.idleWaitMs / 1000} s`, n.idle],
      ['after delete (handles closed)', n.after]] as const).map(([what, s]) =>
      `| ${what}, after GC | ${mib(s.rssKiB)} | ${mib(s.heapKiB)} | ${mib(s.externalKiB)} | ${s.fds} | ${s.threads} |`),
    '',
    `- per idle handle: **${perKiB.toFixed(1)} KiB** of RSS beyond the baseline (target ≤ ${TARGET_KIB_PER_HANDLE}: ${verdict(perKiB <= TARGET_KIB_PER_HANDLE)}), ` +
      `**${perFd.toFixed(3)} fds** (target ≤ ${TARGET_FDS_PER_HANDLE}: ${verdict(perFd <= TARGET_FDS_PER_HANDLE)})`,
    `- of which live after GC (V8 heap + external) per handle: ${(perHeap).toFixed(1)} KiB; the rest of the RSS is memory freed but not given back to the system (the same shows after delete)`];
}

function leftLines(n: NetnsReport): string[] {
  const rss = n.after.rssKiB - n.baseline.rssKiB;
  return [
    `- netns child fds: ${n.baseline.fds} at the start, ${n.after.fds} after${n.fdsLeft.length ? `; not there at the start: ${n.fdsLeft.slice(0, 8).join(', ')}` : ''}`,
    `- netns child threads: ${n.baseline.threads} at the start, ${n.after.threads} after${n.threadsNew.length ? `; new: ${n.threadsNew.join(', ')}` : ''}`,
    `- netns child RSS: ${mib(n.after.rssKiB)} MiB after, ${mib(n.baseline.rssKiB)} MiB baseline (${rss >= 0 ? '+' : ''}${mib(rss)} MiB)`,
  ];
}

export function markdown(run: ScaleRun, info: RunInfo): string {
  const tool = (name: ToolReport['tool']): ToolReport | undefined => run.tools.find((t) => t.tool === name);
  const [netns, ipb, c] = [tool('netns'), tool('ip -batch'), tool('C')];
  const out: string[] = [
    `# Scale: ${run.count} named namespaces`,
    '',
    `${info.date}; ${info.nproc} CPUs, Linux ${info.kernel}, Node ${info.node}; N = ${run.count}.`,
    'Each tool in a fresh process, one after the other, each after the kernel had freed the namespaces of the one before.',
    '',
    '## Time per phase (ms)',
    '',
    `| phase | netns | ip -batch | C | netns / ip -batch | target ≤ ${TARGET_RATIO}x | netns / C |`,
    '|---|---:|---:|---:|---:|---|---:|',
  ];
  for (const p of PHASES) {
    const [a, b, r] = [netns?.ms[p], ipb?.ms[p], c?.ms[p]];
    const ratio = a !== undefined && b !== undefined ? a / b : undefined;
    out.push(`| ${p} | ${a === undefined ? '-' : ms(a)} | ${b === undefined ? '-' : ms(b)} | ${r === undefined ? '-' : ms(r)} ` +
      `| ${ratio === undefined ? '-' : ratio.toFixed(2) + 'x'} | ${ratio === undefined ? '-' : verdict(ratio <= TARGET_RATIO)} ` +
      `| ${a !== undefined && r !== undefined ? (a / r).toFixed(2) + 'x' : '-'} |`);
  }
  for (const t of run.tools) for (const [part, v] of Object.entries(t.parts ?? {})) out.push(`| ${t.tool}, ${part} | | ${ms(v)} | | | | |`);

  for (const [t, e] of Object.entries(run.errors)) out.push('', `**${t} FAILED**: ${e.split('\n')[0]}`);
  if (run.netns) out.push(...netnsLines(run.netns, run.count));
  out.push('', '## Peak RSS (VmHWM)', '', ...run.tools.map((t) => `- ${t.tool}: ${t.peakRssKiB === undefined ? 'not measured' : mib(t.peakRssKiB) + ' MiB'}`));
  out.push('', '## Nothing left', '',
    `- /run/netns: ${run.left.length} names of the run left after the delete phases${run.left.length ? ` (${run.left.slice(0, 5).join(', ')} …)` : ''}`,
    ...(run.netns ? leftLines(run.netns) : []),
    `- links listed per namespace: ${run.tools.map((t) => `${t.tool} ${JSON.stringify(t.linksPerNamespace)}`).join('; ')}`,
    `- the kernel's deferred cleanup after each tool (waited, not timed in any phase): ` +
      Object.entries(run.settleMs).map(([t, v]) => `${t} ${(v / 1000).toFixed(1)} s`).join(', '),
    '', '## Notes', '', ...[...info.notes, ...run.tools.flatMap((t) => t.notes.map((x) => `${t.tool}: ${x}`))].map((x) => `- ${x}`), '');
  return out.join('\n');
}
