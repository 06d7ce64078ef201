// A real runtime drives the CNI plugins: Debian's containerd and runc run a busybox container with
// `ctr run --cni` (scripts/cni-containerd.sh: containerd, its shims and ctr inside a namespace of
// the test's own, with their own CNI config and plugin directories), once networked by the
// reference bridge plugin and once by netns-cni. The container reports its addresses and routes and
// pings the gateway; the script shows the host side during and after the run.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ipJson, uniqueName } from '../helpers';

const ROOT = resolve(__dirname, '../..');
const SCRIPT = resolve(ROOT, 'scripts/cni-containerd.sh');

/** Why containers cannot be tried here, or '' (decided while jest collects: test or test.skip). */
function runtimeMissing(): string {
  for (const cmd of ['containerd', 'ctr', 'runc', 'containerd-shim-runc-v2', 'busybox']) {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'pipe' });
    } catch {
      return `${cmd} not installed (apt-get install containerd runc busybox-static)`;
    }
  }
  return '';
}

type Plugin = 'bridge' | 'netns-bridge';
interface Run { code: number; output: string; sections: Map<string, string[]>; leftovers: string[] }

/**
 * What the script left behind (processes, its temp dir's contents, the namespace, the cgroups runc
 * made under the name), removed here so that a script killed before its cleanup leaves nothing.
 */
function sweep(ns: string, tmp: string): string[] {
  const left: string[] = [];
  // containerd and its shims name their sockets under the temp dir on their command lines.
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try { cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (!cmdline.includes(tmp)) continue;
    left.push(`process ${pid}: ${cmdline.replace(/\0/g, ' ').trim()}`);
    try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
  left.push(...readdirSync(tmp).map((entry) => join(tmp, entry)));
  rmSync(tmp, { recursive: true, force: true });
  if (existsSync(`/run/netns/${ns}`)) {
    left.push(`/run/netns/${ns}`);
    execFileSync('ip', ['netns', 'delete', ns]);
  }
  for (const dir of readdirSync('/sys/fs/cgroup').map((c) => `/sys/fs/cgroup/${c}/${ns}`).filter((d) => existsSync(d))) {
    left.push(dir);
    try { execFileSync('find', [dir, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', '+'], { stdio: 'pipe' }); } catch { /* reported as left */ }
  }
  return left;
}

/** Runs the script for one plugin type in a namespace named by the test; output split at its `== ` headings. */
function runContainer(plugin: Plugin, ns: string): Promise<Run> {
  const tmp = mkdtempSync(join(tmpdir(), 'nstest-ctrd-'));
  return new Promise((done) => {
    execFile(SCRIPT, [plugin], { env: { ...process.env, NSTEST_NETNS: ns, TMPDIR: tmp }, timeout: 90_000 }, (err, stdout, stderr) => {
      const sections = new Map<string, string[]>();
      let lines: string[] = [];
      for (const line of stdout.split('\n')) {
        if (line.startsWith('== ')) sections.set(line.slice(3), lines = []);
        else if (line.trim()) lines.push(line);
      }
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, output: `${stdout}\n${stderr}`, sections, leftovers: sweep(ns, tmp) });
    });
  });
}

const section = (run: Run, name: string): string[] => run.sections.get(name) ?? [];

/** What the host must still look like afterwards: the initial namespace's links and the paths a runtime would write. */
async function hostView(): Promise<unknown> {
  const links = (await ipJson<{ ifname: string }[]>(['link', 'show'])).map((l) => l.ifname).sort();
  const paths = ['/etc/cni', '/opt/cni', '/var/lib/cni', '/run/containerd', '/var/lib/containerd', '/opt/containerd'].filter((p) => existsSync(p));
  return { links, paths };
}

/** The container's view with what differs per run (MACs, the veth's index, the address picked from the MAC) replaced. */
function containerView(run: Run): string[] {
  return [...section(run, 'container: ip addr'), ...section(run, 'container: ip route')].map((l) => l
    .replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, 'MAC')
    .replace(/@if\d+/, '@ifN')
    .replace(/fe80::[0-9a-f:]+\/64/, 'fe80::EUI64/64')
    .replace(/ tentative/, '')  // DAD may still run on either side when the container looks
    .trimEnd());
}

/** Checks one run: the container had its address and route and reached the gateway; DEL left nothing behind. */
function expectNetworked(run: Run, plugin: Plugin): void {
  if (run.code !== 0) throw new Error(`cni-containerd.sh exited ${run.code}:\n${run.output}`);
  // ctr ran this plugin: ADD on the task's namespace before it started, DEL (with no path: the
  // task is gone) after it ended, and DEL succeeded (ctr logs "network review" when it fails).
  expect(section(run, `plugin calls (${plugin})`).map((l) => l.trimEnd())).toEqual([expect.stringMatching(/^ADD eth0 \/proc\/\d+\/ns\/net$/), 'DEL eth0']);
  expect(run.output).not.toContain('network review');
  const addr = section(run, 'container: ip addr').join('\n');
  expect(addr).toMatch(/^\d+: eth0@if\d+: <[^>]*\bUP\b/m);
  expect(addr).toMatch(/inet 10\.88\.0\.([2-9]|[1-9]\d+)\/24 brd 10\.88\.0\.255 scope global eth0/);
  expect(section(run, 'container: ip route')).toContain('default via 10.88.0.1 dev eth0 ');
  expect(section(run, 'container: ping').join('\n')).toMatch(/1 packets transmitted, 1 packets received/);
  expect(run.sections.has('ctr run exit: 0')).toBe(true);
  // ADD put one veth on the bridge in the namespace that plays the host; DEL (after the task
  // ended) took it away and released the address.
  expect(section(run, 'host: ports of cni0 during the run')).toEqual([expect.stringMatching(/^veth[0-9a-f]{8}$/)]);
  expect(run.sections.has('host: ports of cni0 after the run')).toBe(true);
  expect(section(run, 'host: ports of cni0 after the run')).toEqual([]);
  expect(section(run, 'host: addresses left in host-local')).toEqual([]);
  // The script removed its temp dir, the namespace and the cgroups runc made (named after the
  // containerd namespace, which is ns).
  expect(run.leftovers).toEqual([]);
}

const missing = runtimeMissing();
const hasNetnsCni = existsSync(resolve(ROOT, 'bin/netns-cni.ts'));

(missing ? test.skip : test)(missing ? `ctr run --cni [skipped: ${missing}]` : 'ctr run --cni: a busybox container networked by the reference bridge plugin', async () => {
  const before = await hostView();
  const ns = uniqueName('ctrd');
  expectNetworked(await runContainer('bridge', ns), 'bridge');
  expect(await hostView()).toEqual(before);
}, 120_000);

const why = missing || (hasNetnsCni ? '' : 'bin/netns-cni.ts is not in this tree');
(why ? test.skip : test)(why ? `ctr run --cni with netns-bridge [skipped: ${why}]` : 'ctr run --cni: netns-bridge networks the container as the reference plugin does', async () => {
  const before = await hostView();
  const [nsRef, nsOurs] = [uniqueName('ctrd'), uniqueName('ctrd')];
  const reference = await runContainer('bridge', nsRef);
  const ours = await runContainer('netns-bridge', nsOurs);
  expectNetworked(reference, 'bridge');
  expectNetworked(ours, 'netns-bridge');
  // The same configuration gives the container the same view, field by field, with either plugin.
  expect(containerView(ours)).toEqual(containerView(reference));
  expect(await hostView()).toEqual(before);
}, 180_000);
