// npm run bench -- cni: one CNI ADD and one DEL, each a fresh process started as a runtime starts a
// plugin (Node's start-up included), with netns-cni (type netns-bridge) and with the reference
// bridge plugin (/usr/lib/cni/bridge), host-local IPAM. Each plugin has a namespace of its own
// playing the host and one playing the container, made here and removed afterwards. The first ADD
// and DEL on a fresh host (bridge and nat tables made) are reported apart; then RUNS rounds, the
// plugins taking turns (the order alternating), give the medians. Each round also starts, the same
// way, the processes that split netns-cni's time: /bin/true, `node -e 0`, and node loading the
// library up to its first handle. Writes bench/results/cni.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Namespace, type ExecOptions } from '../../lib';
import { median, now, uniqueBenchName } from './util';

const RUNS = Number(process.env.BENCH_CNI_RUNS ?? 20);
const CNI_PATH = '/usr/lib/cni';
// Compiled, this file is dist/scripts/bench/cni.js; run from source (the smoke test), scripts/bench/cni.ts.
const ROOT = path.resolve(__dirname, '..', '..', ...(path.basename(path.resolve(__dirname, '..', '..')) === 'dist' ? ['..'] : []));
const RESULTS = path.join(ROOT, 'bench', 'results');

interface Plugin { label: string; type: string; file: string; args: string[] }
export const REFERENCE: Plugin = { label: 'reference bridge', type: 'bridge', file: `${CNI_PATH}/bridge`, args: [] };
export const NETNS_CNI: Plugin = { label: 'netns-cni', type: 'netns-bridge', file: process.execPath, args: [path.join(ROOT, 'dist', 'bin', 'netns-cni.js')] };

/** The configurations measured: what a cluster typically asks for, and the same without ipMasq (its firewall work apart). */
export const CONFIGS: { title: string; options: object }[] = [
  { title: 'isGateway + ipMasq + hairpinMode', options: { isGateway: true, ipMasq: true, hairpinMode: true } },
  { title: 'isGateway + hairpinMode (no ipMasq)', options: { isGateway: true, hairpinMode: true } },
];

interface Setup { plugin: Plugin; host: Namespace; container: Namespace; config: string }

/**
 * The CPU time (user + system) of a process and of the children it waited for (host-local,
 * iptables), from wait4's rusage: less sensitive than wall time to other work on the machine.
 * A Python parent reports it; the wall-time runs start the plugin directly, as a runtime does.
 */
const PYTHON = '/usr/bin/python3';
const CPU_WRAPPER = [
  'import os, sys',
  'pid = os.fork()',
  'if pid == 0: os.execv(sys.argv[1], sys.argv[1:])',
  '_, status, ru = os.wait4(pid, 0)',
  'sys.stderr.write("\\nNETNS_CPU %.6f\\n" % (ru.ru_utime + ru.ru_stime))',
  'sys.exit(os.waitstatus_to_exitcode(status))',
].join('\n');
export const HAS_CPU = fs.existsSync(PYTHON);

/** One run in `host`: wall ms from spawn to exit, or (cpu) the process tree's CPU ms. */
async function start(host: Namespace, what: string, file: string, args: string[], options: ExecOptions & { encoding?: BufferEncoding }, cpu: boolean): Promise<number> {
  const t0 = now();
  const r = await (cpu ? host.exec(PYTHON, ['-c', CPU_WRAPPER, file, ...args], options) : host.exec(file, args, options));
  const wall = now() - t0;
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stdout}${r.stderr}`);
  if (!cpu) return wall;
  return Number(/NETNS_CPU ([0-9.]+)\s*$/.exec(r.stderr)![1]) * 1000;
}

function pluginRun(s: Setup, command: 'ADD' | 'DEL', containerId: string, cpu = false): Promise<number> {
  return start(s.host, `${s.plugin.label} ${command}`, s.plugin.file, s.plugin.args, {
    input: s.config,
    env: { PATH: process.env.PATH, CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: s.container.path, CNI_IFNAME: 'eth0', CNI_PATH },
  }, cpu);
}

/** Processes that do no CNI work, started the same way: what a run pays before the plugin's own work. */
const LIBRARY = path.join(ROOT, 'dist', 'lib', 'namespace.js');
export const FLOORS: { label: string; file: string; args: string[] }[] = [
  { label: 'process start (/bin/true)', file: '/bin/true', args: [] },
  { label: 'Node start-up (node -e 0)', file: process.execPath, args: ['-e', '0'] },
  { label: 'Node, the library loaded and a handle opened (what netns-cni does first)', file: process.execPath, args: ['-e', `require(${JSON.stringify(LIBRARY)}).Namespace.current().close()`] },
];

export interface Samples { wall: number[]; cpu: number[]; first?: number }
const samples = (): Samples => ({ wall: [], cpu: [] });

/**
 * Every sample of one configuration over `runs` rounds, by 'PLUGIN ADD|DEL' and by floor label;
 * the namespaces it makes (named by `name`) are pushed on `made` for the caller to delete.
 */
export async function measure(options: object, tmp: string, made: Namespace[], runs = RUNS, name = uniqueBenchName): Promise<Map<string, Samples>> {
  const setups: Setup[] = [];
  for (const plugin of [REFERENCE, NETNS_CNI]) {
    const host = await Namespace.create(name('cni-host'));
    made.push(host);
    const container = await Namespace.create(name('cni-ctr'));
    made.push(container);
    const dataDir = path.join(tmp, `${plugin.type}-${made.length}`);
    const config = JSON.stringify({
      cniVersion: '1.0.0', name: 'nsbench-cni', type: plugin.type, bridge: 'cni0', ...options,
      ipam: { type: 'host-local', dataDir, ranges: [[{ subnet: '10.24.0.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] },
    });
    setups.push({ plugin, host, container, config });
  }
  const all = new Map<string, Samples>();
  const of = (key: string) => all.get(key) ?? all.set(key, samples()).get(key)!;
  for (const s of setups) {
    for (const command of ['ADD', 'DEL'] as const) of(`${s.plugin.label} ${command}`).first = await pluginRun(s, command, 'nsbench-first');
  }
  const modes = HAS_CPU ? [false, true] : [false];
  for (let round = 0; round < runs; round++) {
    for (const cpu of modes) {
      for (const s of round % 2 ? [...setups].reverse() : setups) {
        for (const command of ['ADD', 'DEL'] as const) {
          of(`${s.plugin.label} ${command}`)[cpu ? 'cpu' : 'wall'].push(await pluginRun(s, command, `nsbench-${round}-${String(cpu)}`, cpu));
        }
      }
      for (const f of FLOORS) of(f.label)[cpu ? 'cpu' : 'wall'].push(await start(setups[0].host, f.label, f.file, f.args, {}, cpu));
    }
  }
  return all;
}

const ms = (xs: number[] | number | undefined) => xs === undefined || (Array.isArray(xs) && !xs.length) ? '-' : (Array.isArray(xs) ? median(xs) : xs).toFixed(1);
const ratio = (own: number[] | number | undefined, ref: number[] | number | undefined) =>
  ms(own) === '-' || ms(ref) === '-' ? '-' : `${(Number(ms(own)) / Number(ms(ref))).toFixed(2)}x`;

export async function run(): Promise<void> {
  if (!fs.existsSync(REFERENCE.file) || !fs.existsSync(`${CNI_PATH}/host-local`)) throw new Error(`${CNI_PATH}/{bridge,host-local} missing: apt-get install containernetworking-plugins`);
  if (!fs.existsSync(NETNS_CNI.args[0])) throw new Error(`${NETNS_CNI.args[0]} missing: npx tsc -p tsconfig.json`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nsbench-cni-'));
  const made: Namespace[] = [];
  const lines: string[] = [];
  const out = (line = '') => { console.log(line); lines.push(line); };
  try {
    out('# CNI plugin: one ADD and one DEL, netns-cni against the reference bridge plugin');
    out();
    out(`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${os.cpus().length} CPUs, Linux ${os.release()}, Node ${process.version}; ` +
      `containernetworking-plugins' bridge (${CNI_PATH}/bridge), host-local IPAM, one IPv4 range; medians of ${RUNS} rounds.`);
    out('Each run is a fresh process started in the namespace playing the host through `Namespace.exec`, as a runtime starts a plugin');
    out('(netns-cni: `node dist/bin/netns-cni.js`, Node\'s start-up included). Wall: spawn to exit. CPU: user + system time of the process');
    out('and the children it waited for (host-local, iptables), from wait4 in separate runs (a Python parent); it counts less of');
    out('what other work on the machine does to the wall time. "first" is the first ADD and DEL on a fresh host, which makes the');
    out('bridge (and with ipMasq the nat tables).');
    for (const { title, options } of CONFIGS) {
      const load = os.loadavg()[0];
      const t = await measure(options, tmp, made);
      const [ref, own] = [REFERENCE, NETNS_CNI].map((p) => (step: string) => t.get(`${p.label} ${step}`)!);
      out();
      out(`## ${title}`);
      out();
      out('| step | reference wall (ms) | netns-cni wall (ms) | netns-cni / reference | reference CPU (ms) | netns-cni CPU (ms) | netns-cni / reference |');
      out('|---|---:|---:|---:|---:|---:|---:|');
      for (const step of ['ADD', 'DEL']) {
        const [r, o] = [ref(step), own(step)];
        out(`| ${step}, median | ${ms(r.wall)} | ${ms(o.wall)} | ${ratio(o.wall, r.wall)} | ${ms(r.cpu)} | ${ms(o.cpu)} | ${ratio(o.cpu, r.cpu)} |`);
        out(`| ${step}, first (fresh host) | ${ms(r.first)} | ${ms(o.first)} | ${ratio(o.first, r.first)} | | | |`);
      }
      out();
      out(`Started the same way in the same rounds (load average ${load.toFixed(1)} before):`);
      out();
      out('| process | wall (ms) | CPU (ms) |');
      out('|---|---:|---:|');
      for (const f of FLOORS) out(`| ${f.label} | ${ms(t.get(f.label)!.wall)} | ${ms(t.get(f.label)!.cpu)} |`);
    }
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'cni.md'), lines.join('\n') + '\n');
    console.log(`\n(written to ${path.join(RESULTS, 'cni.md')})`);
  } finally {
    for (const ns of made) await ns.delete().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
