// netns-cni through its native client and resident server (`netns-cni serve`): the server runs in
// a namespace playing the host (started with host.spawn, stopped by its PID), the client is started
// there as a runtime starts a plugin. What it did is read back through iproute2, nft and
// host-local's files, and compared with what the plain process (node dist/bin/netns-cni.js) does.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Namespace } from '../../lib';
import { ipJson, nameOf, withNamespaces } from '../helpers';

const ROOT = resolve(__dirname, '..', '..');
const CLIENT = join(ROOT, 'build', 'Release', 'artifacts', 'netns-cni-client');
const PLUGIN = join(ROOT, 'dist', 'bin', 'netns-cni.js');
const CNI_PATH = '/usr/lib/cni';

interface Run { code: number | null; stdout: string; stderr: string; json: any }

let tmp: string;
let dirs = 0;
beforeAll(() => {
  if (!existsSync(CLIENT)) throw new Error(`${CLIENT} missing: npx node-gyp build`);
  tmp = mkdtempSync(join(tmpdir(), 'nstest-cni-server-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fresh = (tag: string) => join(tmp, `${tag}${++dirs}`);

const conf = (dataDir: string, subnet = '10.32.0.0/24') => ({
  cniVersion: '1.0.0', name: 'nstest-net', type: 'netns-bridge', bridge: 'cni0', isGateway: true, ipMasq: true, hairpinMode: true,
  ipam: { type: 'host-local', dataDir, ranges: [[{ subnet }]], routes: [{ dst: '0.0.0.0/0' }] },
});

/** The server in `host`, serving on `socket`; resolves once the socket answers. */
async function startServer(host: Namespace, socket: string, extra: string[] = []): Promise<{ child: ChildProcess; log: () => string; exited: Promise<void>; stop: () => Promise<void> }> {
  const child = host.spawn(process.execPath, [PLUGIN, 'serve', '--socket', socket, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => { log += b.toString(); });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  for (let i = 0; !log.includes('serving on'); i++) {
    if (i > 200 || child.exitCode !== null) throw new Error(`server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    child,
    log: () => log,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/** The client (or, with via 'process', the Node plugin) in `host` for container `c`. */
async function cni(host: Namespace, socket: string, command: string, c: Namespace | string, config: object, opts: { id?: string; via?: 'client' | 'process'; uid?: number } = {}): Promise<Run> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', NETNS_CNI_SOCKET: socket, CNI_COMMAND: command, CNI_CONTAINERID: opts.id ?? 'nstest-c1',
    CNI_NETNS: typeof c === 'string' ? c : `/run/netns/${nameOf(c)}`, CNI_IFNAME: 'eth0', CNI_PATH,
  };
  const [file, args] = opts.via === 'process' ? [process.execPath, [PLUGIN]] : [CLIENT, []];
  const r = await host.exec(file, args, { env, input: JSON.stringify(config), ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }) });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, json: r.stdout.trim() ? JSON.parse(r.stdout) : undefined };
}

/** A result with MACs and the host veth's name (random) blanked. */
const normalised = (result: any) => JSON.parse(JSON.stringify(result).replace(/"([0-9a-f]{2}:){5}[0-9a-f]{2}"/g, '"MAC"').replace(/veth[0-9a-f]{8}/g, 'vethX'));

/** What ADD leaves: the container's addresses and routes, the host's links, bridge ports and nat rules; MAC-derived (link-local) ones left out. */
async function state(host: Namespace, container: Namespace): Promise<unknown> {
  const global = (ls: any[]) => ls.flatMap((l: any) => l.addr_info).filter((a: any) => !a.local.startsWith('fe80:')).map((a: any) => `${a.local}/${a.prefixlen}`);
  const addrs = global(await ipJson(['-n', nameOf(container), 'addr', 'show', 'dev', 'eth0']));
  const routes = (await ipJson(['-n', nameOf(container), 'route', 'show', 'table', 'all'])).map((r: any) => `${r.dst} ${r.gateway ?? ''} ${r.dev}`).filter((r: string) => !r.startsWith('fe80::') || r.startsWith('fe80::/64')).sort();
  const links = (await ipJson(['-n', nameOf(host), '-d', 'link'])).map((l: any) => `${l.ifname.replace(/^veth[0-9a-f]{8}$/, 'vethX')} ${l.master ?? ''} ${l.linkinfo?.info_slave_data?.hairpin ?? ''}`).sort();
  const hostAddrs = global(await ipJson(['-n', nameOf(host), 'addr', 'show', 'dev', 'cni0']));
  const ruleset = JSON.parse((await host.exec('nft', ['-j', 'list', 'ruleset'])).stdout).nftables as any[];
  const rules = ruleset.filter((i) => i.rule).map((i) => JSON.stringify({ ...i.rule, handle: 0 }));
  return { addrs, routes, links, hostAddrs, rules };
}

const reserved = (dataDir: string): string[] => {
  const dir = join(dataDir, 'nstest-net');
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^[0-9.]+$/.test(f)) : [];
};

describe('netns-cni through the client and server', () => {
  test('ADD, CHECK and DEL give the results and the state the plain process gives; DEL leaves nothing', async () => {
    await withNamespaces(4, async (host, container, procHost, procContainer) => {
      const socket = join(fresh('sock'), 'netns-cni.sock');
      const server = await startServer(host, socket);
      try {
        const [viaServer, viaProcess] = [conf(fresh('ipam')), conf(fresh('ipam'))];
        const added = await cni(host, socket, 'ADD', container, viaServer);
        expect(added).toMatchObject({ code: 0 });
        const reference = await cni(procHost, socket, 'ADD', procContainer, viaProcess, { via: 'process' });
        expect(reference.code).toBe(0);
        expect(added.json.interfaces[2].sandbox).toBe(`/run/netns/${nameOf(container)}`);
        reference.json.interfaces[2].sandbox = added.json.interfaces[2].sandbox;
        expect(normalised(added.json)).toEqual(normalised(reference.json));
        expect(await state(host, container)).toEqual(await state(procHost, procContainer));
        expect(reserved(viaServer.ipam.dataDir)).toEqual(['10.32.0.2']);

        expect(await cni(host, socket, 'CHECK', container, { ...viaServer, prevResult: added.json })).toMatchObject({ code: 0, stdout: '' });
        // CHECK finds what is wrong the same way: the container's address removed.
        expect((await container.exec('ip', ['addr', 'flush', 'dev', 'eth0'])).code).toBe(0);
        const wrong = await cni(host, socket, 'CHECK', container, { ...viaServer, prevResult: added.json });
        const wrongProcess = await cni(host, socket, 'CHECK', container, { ...viaServer, prevResult: added.json }, { via: 'process' });
        expect(wrong.code).toBe(1);
        expect(wrong.json).toEqual(wrongProcess.json);

        expect(await cni(host, socket, 'DEL', container, viaServer)).toMatchObject({ code: 0, stdout: '' });
        expect((await ipJson(['-n', nameOf(container), 'link'])).map((l: any) => l.ifname)).toEqual(['lo']);
        expect((await ipJson(['-n', nameOf(host), 'link'])).map((l: any) => l.ifname).sort()).toEqual(['cni0', 'lo']);
        expect(reserved(viaServer.ipam.dataDir)).toEqual([]);
        expect((await host.exec('nft', ['list', 'ruleset'])).stdout).not.toMatch(/CNI-/);
        // Idempotent, also with the namespace gone (the client could not open CNI_NETNS).
        expect(await cni(host, socket, 'DEL', '/run/netns/nstest-gone-for-good', viaServer)).toMatchObject({ code: 0, stdout: '' });
        const missing = await cni(host, socket, 'ADD', '/run/netns/nstest-gone-for-good', viaServer);
        expect(missing.code).toBe(1);
        expect(missing.json).toMatchObject({ code: 999, msg: expect.stringMatching(/^failed to open netns "\/run\/netns\/nstest-gone-for-good": ENOENT/) });
        expect(server.child.exitCode).toBeNull();
      } finally {
        await server.stop();
      }
      expect(existsSync(socket)).toBe(false);
      expect(server.log()).toMatch(/stopped\n$/);
    });
  });

  test('a caller in another namespace than the server\'s: the bridge and the pair are made in the caller\'s, none in the server\'s; IPAM runs there (Namespace.exec)', async () => {
    await withNamespaces(3, async (serverNs, host, container) => {
      const socket = join(fresh('other'), 'netns-cni.sock');
      const server = await startServer(serverNs, socket);
      try {
        const config = conf(fresh('ipam'), '10.36.0.0/24');
        const added = await cni(host, socket, 'ADD', container, config);
        expect(added.code).toBe(0);
        expect(added.json.ips[0]).toMatchObject({ address: '10.36.0.2/24', gateway: '10.36.0.1' });
        expect((await ipJson(['-n', nameOf(host), 'link'])).map((l: any) => l.ifname)).toContain('cni0');
        expect((await ipJson(['-n', nameOf(serverNs), 'link'])).map((l: any) => l.ifname)).toEqual(['lo']);
        expect(reserved(config.ipam.dataDir)).toEqual(['10.36.0.2']);
        expect(await cni(host, socket, 'DEL', container, config)).toMatchObject({ code: 0, stdout: '' });
        expect(reserved(config.ipam.dataDir)).toEqual([]);
        expect((await ipJson(['-n', nameOf(host), 'link'])).map((l: any) => l.ifname).sort()).toEqual(['cni0', 'lo']);
      } finally {
        await server.stop();
      }
    });
  });

  test('--idle-exit: the server stops after that long without a request, removes its socket, and the client falls back', async () => {
    await withNamespaces(2, async (host, container) => {
      const socket = join(fresh('idle'), 'netns-cni.sock');
      const server = await startServer(host, socket, ['--idle-exit', '1']);
      try {
        const config = conf(fresh('ipam'), '10.37.0.0/24');
        expect(await cni(host, socket, 'ADD', container, config)).toMatchObject({ code: 0 });
        const t0 = Date.now();
        await server.exited;
        expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
        expect(server.child.exitCode).toBe(0);
        expect(existsSync(socket)).toBe(false);
        expect(await cni(host, socket, 'DEL', container, config)).toMatchObject({ code: 0, stdout: '' });
        expect(reserved(config.ipam.dataDir)).toEqual([]);
      } finally {
        await server.stop();
      }
    });
  });

  test('DEL of a container whose netns path is a stale mount point (an empty file) succeeds through the server as through the process', async () => {
    await withNamespaces(1, async (host) => {
      const socket = join(fresh('stale'), 'netns-cni.sock');
      const server = await startServer(host, socket);
      try {
        const stale = join(fresh('stalefile'), 'netns');
        mkdirSync(dirname(stale), { recursive: true });
        writeFileSync(stale, '');
        const config = conf(fresh('ipam'), '10.38.0.0/24');
        expect(await cni(host, socket, 'DEL', stale, config, { via: 'process' })).toMatchObject({ code: 0, stdout: '' });
        expect(await cni(host, socket, 'DEL', stale, config)).toMatchObject({ code: 0, stdout: '' });
        // ADD needs the namespace: the same refusal on both paths.
        const viaProcess = await cni(host, socket, 'ADD', stale, config, { via: 'process' });
        const viaServer = await cni(host, socket, 'ADD', stale, config);
        expect(viaServer).toMatchObject({ code: 1, json: { code: viaProcess.json.code } });
        expect(server.log()).not.toContain('bad request');
      } finally {
        await server.stop();
      }
    });
  });

  test('serve never removes a file at its socket path that is not a socket', async () => {
    await withNamespaces(1, async (host) => {
      const file = join(fresh('notsock'), 'data.txt');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, 'important');
      const r = await host.exec(process.execPath, [PLUGIN, 'serve', '--socket', file, '--idle-exit', '1']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('is not a socket');
      expect(readFileSync(file, 'utf8')).toBe('important');
      const long = await host.exec(process.execPath, [PLUGIN, 'serve', '--socket', `${file}.sock`, '--idle-exit', '2147484']);
      expect(long.code).not.toBe(0);
      expect(long.stderr).toContain('usage');
    });
  });

  test('with no server the client runs the Node plugin, with the same environment and stdin', async () => {
    await withNamespaces(2, async (host, container) => {
      const socket = join(fresh('none'), 'netns-cni.sock');
      const config = conf(fresh('ipam'), '10.33.0.0/24');
      const added = await cni(host, socket, 'ADD', container, config);
      expect(added.code).toBe(0);
      expect(added.json.ips[0].address).toBe('10.33.0.2/24');
      expect((await ipJson(['-n', nameOf(container), 'addr', 'show', 'dev', 'eth0']))[0].addr_info.map((a: any) => a.local)).toContain('10.33.0.2');
      expect(await cni(host, socket, 'DEL', container, config)).toMatchObject({ code: 0, stdout: '' });
      expect((await ipJson(['-n', nameOf(container), 'link'])).map((l: any) => l.ifname)).toEqual(['lo']);
      const version = await cni(host, socket, 'VERSION', container, { cniVersion: '0.4.0' });
      expect(version.json).toMatchObject({ cniVersion: '0.4.0' });
    });
  });

  test('permissions: directory 0700, socket 0600, and a caller other than root is refused by the server', async () => {
    await withNamespaces(2, async (host, container) => {
      const dir = fresh('perm');
      const socket = join(dir, 'run', 'netns-cni.sock');
      const server = await startServer(host, socket);
      try {
        expect(statSync(join(dir, 'run')).mode & 0o777).toBe(0o700);
        expect(statSync(socket).mode & 0o777).toBe(0o600);
        // Opened up on purpose, so that the server's own check is what refuses.
        for (const p of [tmp, dir, join(dir, 'run')]) chmodSync(p, 0o755);
        chmodSync(socket, 0o666);
        const r = await cni(host, socket, 'ADD', container, conf(fresh('ipam')), { uid: 65534 });
        expect(r.code).toBe(1);
        expect(r.json).toMatchObject({ code: 999, msg: 'permission denied: netns-cni serve answers root only (uid 65534)' });
        expect((await ipJson(['-n', nameOf(container), 'link'])).map((l: any) => l.ifname)).toEqual(['lo']);
        expect(server.log()).toContain('refused a request from uid 65534');
      } finally {
        chmodSync(tmp, 0o700);
        await server.stop();
      }
    });
  });

  test('a malformed request gets an error result, a client gone mid-request leaves the server serving', async () => {
    await withNamespaces(2, async (host, container) => {
      const socket = join(fresh('bad'), 'netns-cni.sock');
      const server = await startServer(host, socket);
      try {
        // Not a request at all: the reply is a CNI error result (code 999), status 1.
        const reply = await new Promise<Buffer>((res, rej) => {
          const s = net.connect(socket, () => s.write(Buffer.from('GET / HTTP/1.0\r\n\r\n')));
          const parts: Buffer[] = [];
          s.on('data', (b) => parts.push(b)).on('close', () => res(Buffer.concat(parts))).on('error', rej);
        });
        expect(reply.readUInt32LE(0)).toBe(0x31524e43);
        expect(reply.readInt32LE(4)).toBe(1);
        expect(JSON.parse(reply.subarray(16, 16 + reply.readUInt32LE(8)).toString())).toMatchObject({ code: 999, msg: expect.stringMatching(/^bad request/) });
        // Half a head, then gone.
        await new Promise<void>((res) => {
          const s = net.connect(socket, () => s.end(Buffer.alloc(6), () => s.destroy()));
          s.on('close', () => res()).on('error', () => undefined);
        });
        // A client killed while the server works on its ADD: the ADD completes, nobody is told.
        const config = conf(fresh('ipam'), '10.34.0.0/24');
        const client = host.spawn(CLIENT, [], { env: { PATH: process.env.PATH, NETNS_CNI_SOCKET: socket, CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'nstest-killed', CNI_NETNS: `/run/netns/${nameOf(container)}`, CNI_IFNAME: 'eth0', CNI_PATH }, stdio: ['pipe', 'ignore', 'ignore'] });
        const gone = new Promise((res) => client.once('exit', res));
        client.stdin!.end(JSON.stringify(config));
        for (let i = 0; i < 400 && !(await ipJson(['-n', nameOf(host), 'link'])).some((l: any) => l.ifname === 'cni0'); i++) await new Promise((r) => setTimeout(r, 5));
        process.kill(client.pid!, 'SIGKILL');
        await gone;
        // Still serving: DEL of that container and a new ADD and DEL go through it.
        expect(await cni(host, socket, 'DEL', container, config, { id: 'nstest-killed' })).toMatchObject({ code: 0 });
        expect(await cni(host, socket, 'ADD', container, config)).toMatchObject({ code: 0 });
        expect(await cni(host, socket, 'DEL', container, config)).toMatchObject({ code: 0 });
        expect(reserved(config.ipam.dataDir)).toEqual([]);
        expect(server.child.exitCode).toBeNull();
        expect(server.log()).toMatch(/bad request/);
      } finally {
        await server.stop();
      }
    });
  });

  test('20 ADDs at once through the server: distinct addresses, every container reaches the gateway and the others; 20 DELs leave nothing', async () => {
    const COUNT = 20;
    await withNamespaces(1 + COUNT, async (host, ...containers) => {
      const socket = join(fresh('many'), 'netns-cni.sock');
      const config = conf(fresh('ipam'), '10.35.0.0/24');
      const server = await startServer(host, socket);
      try {
        const runs = async (command: string) => {
          const settled = await Promise.allSettled(containers.map((c, i) => cni(host, socket, command, c, config, { id: `nstest-many-${i}` })));
          return settled.map((s) => (s.status === 'fulfilled' ? s.value : { code: -1, stdout: String(s.reason), stderr: '', json: undefined }));
        };
        const added = await runs('ADD');
        expect(added.filter((r) => r.code !== 0)).toEqual([]);
        const addresses = added.map((r) => r.json.ips[0].address.split('/')[0] as string);
        expect(new Set(addresses).size).toBe(COUNT);
        const unreachable = await Promise.all(containers.map(async (c, i) => {
          const targets = ['10.35.0.1', ...addresses.filter((_, j) => j !== i)].join(' ');
          const r = await c.exec('sh', ['-c', `for a in ${targets}; do ping -c 1 -W 5 -q $a >/dev/null 2>&1 || echo $a; done`]);
          return r.stdout.trim();
        }));
        expect(unreachable.filter(Boolean)).toEqual([]);
        expect((await runs('DEL')).filter((r) => r.code !== 0)).toEqual([]);
        expect((await ipJson(['-n', nameOf(host), 'link'])).map((l: any) => l.ifname).sort()).toEqual(['cni0', 'lo']);
        expect(reserved(config.ipam.dataDir)).toEqual([]);
      } finally {
        await server.stop();
      }
    });
  }, 120_000);
});
