// npm run bench -- cni: one CNI ADD and one DEL, each a fresh process started as a runtime starts a
// plugin (Node's start-up included), with netns-cni (type netns-bridge) and with the reference
// bridge plugin (/usr/lib/cni/bridge), host-local IPAM. Each plugin has a namespace of its own
// playing the host and one playing the container, made here and removed afterwards. The first ADD
// and DEL on a fresh host (bridge and nat tables made) are reported apart; then RUNS rounds, the
// plugins taking turns (the order alternating), give the medians. Each round also starts, the same
// way, the processes that split netns-cni's time: /bin/true, `node -e 0`, and node loading the
// library up to its first handle. A third row runs netns-cni through its native client with the
// server (`netns-cni serve`) started in that host namespace before the rounds: its CPU is the
// client's plus what the server's process and its children (host-local) spent meanwhile, read from
// a cpuacct cgroup of the server's own. Writes bench/results/cni.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Namespace, type ExecOptions } from '../../lib';
import { median, now, uniqueBenchName } from './util';

const RUNS = Number(process.env.BENCH_CNI_RUNS ?? 20);
const CNI_PATH = '/usr/lib/cni';
// Compiled, this file is dist/scripts/bench/cni.js; run from source (the smoke test), scripts/bench/cni.ts.
const ROOT = path.resolve(__dirname, '..', '..', ...(path.basename(path.resolve(__dirname, '..', '..')) === 'dist' ? ['..'] : []));
const RESULTS = path.join(ROOT, 'bench', 'results');

interface Plugin { label: string; type: string; file: string; args: string[]; server?: boolean }
export const REFERENCE: Plugin = { label: 'reference bridge', type: 'bridge', file: `${CNI_PATH}/bridge`, args: [] };
export const NETNS_CNI: Plugin = { label: 'netns-cni', type: 'netns-bridge', file: process.execPath, args: [path.join(ROOT, 'dist', 'bin', 'netns-cni.js')] };
export const NETNS_CNI_SERVER: Plugin = {
  label: 'netns-cni via client+server', type: 'netns-bridge', file: path.join(ROOT, 'build', 'Release', 'artifacts', 'netns-cni-client'), args: [], server: true,
};
export const PLUGINS = [REFERENCE, NETNS_CNI, NETNS_CNI_SERVER];

/** The configurations measured: what a cluster typically asks for, and the same without ipMasq (its firewall work apart). */
export const CONFIGS: { title: string; options: object }[] = [
  { title: 'isGateway + ipMasq + hairpinMode', options: { isGateway: true, ipMasq: true, hairpinMode: true } },
  { title: 'isGateway + hairpinMode (no ipMasq)', options: { isGateway: true, hairpinMode: true } },
];

interface Setup { plugin: Plugin; host: Namespace; container: Namespace; config: string; server?: Server }

/** A `netns-cni serve` in a host namespace, in a cpuacct cgroup of its own when cgroup v1's cpuacct is mounted. */
interface Server { child: ChildProcess; socket: string; cgroup?: string }
const CPUACCT = '/sys/fs/cgroup/cpuacct';

async function startServer(host: Namespace, socket: string): Promise<Server> {
  const child = host.spawn(process.execPath, [NETNS_CNI.args[0], 'serve', '--socket', socket], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => { log += b.toString(); });
  const server: Server = { child, socket };
  try {
    if (fs.existsSync(path.join(CPUACCT, 'cpuacct.usage'))) {
      const cgroup = path.join(CPUACCT, `nsbench-cni-${child.pid!}`);
      fs.mkdirSync(cgroup);
      server.cgroup = cgroup;
      fs.writeFileSync(path.join(cgroup, 'cgroup.procs'), String(child.pid));
    }
    for (let i = 0; !log.includes('serving on'); i++) {
      if (i > 400 || child.exitCode !== null) throw new Error(`netns-cni serve did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } catch (err) {
    await stopServer(server);
    throw err;
  }
  return server;
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) {
    const exited = new Promise((r) => s.child.once('exit', r));
    process.kill(s.child.pid!, 'SIGTERM');
    await exited;
  }
  if (s.cgroup) fs.rmdirSync(s.cgroup);
}

/** CPU ms the server and its children spent so far (undefined without the cgroup). */
const serverCpu = (s: Server | undefined): number | undefined => s?.cgroup ? Number(fs.readFileSync(path.join(s.cgroup, 'cpuacct.usage'), 'utf8')) / 1e6 : undefined;

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

async function pluginRun(s: Setup, command: 'ADD' | 'DEL', containerId: string, cpu = false): Promise<number> {
  const before = cpu ? serverCpu(s.server) : undefined;
  const own = await start(s.host, `${s.plugin.label} ${command}`, s.plugin.file, s.plugin.args, {
    input: s.config,
    env: {
      PATH: process.env.PATH, CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: s.container.path, CNI_IFNAME: 'eth0', CNI_PATH,
      ...(s.server ? { NETNS_CNI_SOCKET: s.server.socket } : {}),
    },
  }, cpu);
  // The server answered before the client exited: what it spent is in its cgroup already.
  return before === undefined ? own : own + serverCpu(s.server)! - before;
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
  try {
    return await measureWith(setups, options, tmp, made, runs, name);
  } finally {
    for (const s of setups) if (s.server) await stopServer(s.server);
  }
}

async function measureWith(setups: Setup[], options: object, tmp: string, made: Namespace[], runs: number, name: (tag: string) => string): Promise<Map<string, Samples>> {
  for (const plugin of PLUGINS) {
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
    if (plugin.server) setups[setups.length - 1].server = await startServer(host, path.join(tmp, `serve-${made.length}`, 'netns-cni.sock'));
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
    out('# CNI plugin: one ADD and one DEL, netns-cni (as a Node process, and through its client and server) against the reference bridge plugin');
    out();
    out(`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${os.cpus().length} CPUs, Linux ${os.release()}, Node ${process.version}; ` +
      `containernetworking-plugins' bridge (${CNI_PATH}/bridge), host-local IPAM, one IPv4 range; medians of ${RUNS} rounds.`);
    out('Each run is a fresh process started in the namespace playing the host through `Namespace.exec`, as a runtime starts a plugin');
    out('(netns-cni: `node dist/bin/netns-cni.js`, Node\'s start-up included). Wall: spawn to exit. CPU: user + system time of the process');
    out('and the children it waited for (host-local, iptables), from wait4 in separate runs (a Python parent); it counts less of');
    out('what other work on the machine does to the wall time. "first" is the first ADD and DEL on a fresh host, which makes the');
    out('bridge (and with ipMasq the nat tables). "via client+server": the runtime starts build/Release/artifacts/netns-cni-client, which hands');
    out('the command to `netns-cni serve`, started in that host namespace before the rounds; its CPU adds what the server process and its');
    out('children (host-local) spent meanwhile (a cpuacct cgroup of the server\'s own). The server\'s first call is its first ADD and DEL.');
    for (const { title, options } of CONFIGS) {
      const load = os.loadavg()[0];
      const t = await measure(options, tmp, made);
      const [ref, own, served] = PLUGINS.map((p) => (step: string) => t.get(`${p.label} ${step}`)!);
      out();
      out(`## ${title}`);
      out();
      out('| step | plugin | wall (ms) | / reference | CPU (ms) | / reference |');
      out('|---|---|---:|---:|---:|---:|');
      for (const step of ['ADD', 'DEL']) {
        for (const [label, of] of [['reference bridge', ref], ['netns-cni (node)', own], ['netns-cni via client+server', served]] as const) {
          const [r, o] = [ref(step), of(step)];
          out(`| ${step}, median | ${label} | ${ms(o.wall)} | ${ratio(o.wall, r.wall)} | ${ms(o.cpu)} | ${ratio(o.cpu, r.cpu)} |`);
        }
        for (const [label, of] of [['reference bridge', ref], ['netns-cni (node)', own], ['netns-cni via client+server', served]] as const) {
          out(`| ${step}, first (fresh host) | ${label} | ${ms(of(step).first)} | ${ratio(of(step).first, ref(step).first)} | | |`);
        }
      }
      out();
      out(`Started the same way in the same rounds (load average ${load.toFixed(1)} before):`);
      out();
      out('| process | wall (ms) | CPU (ms) |');
      out('|---|---:|---:|');
      for (const f of FLOORS) out(`| ${f.label} | ${ms(t.get(f.label)!.wall)} | ${ms(t.get(f.label)!.cpu)} |`);
      // Where the difference lies: netns-cni's ADD past its start-up, against the reference's whole ADD.
      const started = t.get(FLOORS[FLOORS.length - 1].label)!;
      const past = (xs: number[], floor: number[]) => (xs.length && floor.length ? (median(xs) - median(floor)).toFixed(1) : '-');
      out();
      out(`netns-cni's ADD less the last floor (the difference of two medians: its CNI work, within their noise): ${past(own('ADD').wall, started.wall)} ms wall, ` +
        `${past(own('ADD').cpu, started.cpu)} ms CPU; the reference's whole ADD: ${ms(ref('ADD').wall)} ms wall, ${ms(ref('ADD').cpu)} ms CPU.`);
    }
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'cni.md'), lines.join('\n') + '\n');
    console.log(`\n(written to ${path.join(RESULTS, 'cni.md')})`);
  } finally {
    for (const ns of made) await ns.delete().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
