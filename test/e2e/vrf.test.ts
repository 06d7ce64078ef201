// The seed's VRF scenario, live: one router namespace holds two VRFs (blue, table 10; red, table
// 20), each with a veth to a tenant namespace behind it, and both tenants use the same subnet
// 10.0.0.0/24 (the router is 10.0.0.1 in each VRF, each tenant 10.0.0.2). Routes, lookups, real
// traffic and sockets bound to a VRF each stay in their own VRF. Needs the vrf kind: where the
// kernel lacks it (this machine's), every test is reported as skipped with the probe's reason;
// npm run test:kernel runs the file under user-mode Linux 6.1, which has it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { Namespace, type Route } from '../../lib';
import { ipJson, uniqueName } from '../helpers';
import { probeKinds } from '../integration/kind-probe';
import { nextMessage, readAll } from '../traffic';
import { rxPackets } from '../../scripts/demo-topology';

const execFileP = promisify(execFile);
const probe = probeKinds(['vrf']).vrf;
const live = (what: string, fn: () => Promise<void>): void => {
  (probe.has ? test : test.skip)(probe.has ? what : `${what} [skipped: ${probe.reason}]`, fn);
};

const TENANTS = [
  { vrf: 'blue', table: 10, link: 'vb' },
  { vrf: 'red', table: 20, link: 'vr' },
] as const;
type Tenant = (typeof TENANTS)[number];
const ROUTER = '10.0.0.1';
const HOST = '10.0.0.2';

/** ip prints a host route without its /32; the library always writes the prefix. */
const ipDst = (dst: string): string => (dst === 'default' ? '0.0.0.0/0' : dst.includes('/') ? dst : `${dst}/32`);
/** One `ip -j route show` entry in the library's terms, and a Route in the same terms. */
const fromIp = (r: any) => ({
  type: r.type ?? 'unicast', dst: ipDst(r.dst), dev: r.dev, protocol: r.protocol ?? 'boot', scope: r.scope ?? 'global', src: r.prefsrc,
});
const ofOurs = (r: Route) => ({ type: r.type, dst: r.dst, dev: r.dev, protocol: r.protocol, scope: r.scope, src: r.src });
const byKey = (a: { type: string; dst: string }, b: { type: string; dst: string }): number =>
  `${a.type} ${a.dst}`.localeCompare(`${b.type} ${b.dst}`);



describe('two VRFs with overlapping tenants in one namespace', () => {
  let router: Namespace;
  const hosts = new Map<string, Namespace>();
  const made: Namespace[] = [];
  const host = (t: Tenant): Namespace => hosts.get(t.vrf)!;
  const other = (t: Tenant): Tenant => TENANTS.find((x) => x !== t)!;

  beforeAll(async () => {
    if (!probe.has) return;
    made.push(router = await Namespace.create(uniqueName('vrf-router')));
    // IPv6 off everywhere: interface counters then count the test's own packets only.
    await router.sysctl.set('net.ipv6.conf.default.disable_ipv6', 1);
    await router.links.set('lo', { up: true });
    for (const t of TENANTS) {
      const h = await Namespace.create(uniqueName(`vrf-${t.vrf}`));
      made.push(h);
      hosts.set(t.vrf, h);
      await h.sysctl.set('net.ipv6.conf.default.disable_ipv6', 1);
      await router.links.add({ kind: 'vrf', name: t.vrf, table: t.table });
      await router.links.add({ kind: 'veth', name: t.link, peer: { name: 'eth0', namespace: h } });
      await router.links.set(t.link, { master: t.vrf });
      await router.addresses.add(t.link, `${ROUTER}/24`);
      for (const dev of [t.vrf, t.link]) await router.links.set(dev, { up: true });
      await h.addresses.add('eth0', `${HOST}/24`);
      await h.links.set('eth0', { up: true });
      await h.links.set('lo', { up: true });
    }
  }, 60_000);

  afterAll(async () => {
    for (const ns of made) await ns.delete();
  });

  live('each VRF table holds its own tenant\'s routes, local and broadcast included, as ip route show vrf lists them', async () => {
    for (const t of TENANTS) {
      const listed = (await router.routes.list({ table: t.table, family: 4 })).map(ofOurs).sort(byKey);
      // ip route show vrf NAME leaves out local and broadcast routes unless asked for by type.
      const shown: any[] = [];
      for (const type of [[], ['type', 'local'], ['type', 'broadcast']]) {
        shown.push(...await ipJson<any[]>(['-n', router.name!, '-4', 'route', 'show', 'vrf', t.vrf, ...type]));
      }
      expect(listed).toEqual(shown.map(fromIp).sort(byKey));
      expect(listed).toEqual(expect.arrayContaining([
        { type: 'unicast', dst: '10.0.0.0/24', dev: t.link, protocol: 'kernel', scope: 'link', src: ROUTER },
        { type: 'local', dst: `${ROUTER}/32`, dev: t.link, protocol: 'kernel', scope: 'host', src: ROUTER },
        { type: 'broadcast', dst: '10.0.0.255/32', dev: t.link, protocol: 'kernel', scope: 'link', src: ROUTER },
      ]));
    }
    // The main and local tables know neither tenant's subnet.
    const outside = [...await router.routes.list({ family: 4 }), ...await router.routes.list({ table: 255, family: 4 })];
    expect(outside.filter((r) => r.dst.startsWith('10.0.0.'))).toEqual([]);
  });

  live('routes.get in a VRF (oif: the VRF) resolves to that VRF\'s tenant, as ip route get vrf NAME does', async () => {
    for (const t of TENANTS) {
      const got = await router.routes.get(HOST, { oif: t.vrf });
      const [ipGot] = await ipJson<any[]>(['-n', router.name!, 'route', 'get', 'vrf', t.vrf, HOST]);
      expect({ dev: got.dev, src: got.src, table: got.table, type: got.type }).toEqual({ dev: ipGot.dev, src: ipGot.prefsrc, table: t.table, type: 'unicast' });
      expect(got.dev).toBe(t.link);
      // The router's own address in the VRF: a local route of the VRF's table.
      const own = await router.routes.get(ROUTER, { oif: t.vrf });
      const [ipOwn] = await ipJson<any[]>(['-n', router.name!, 'route', 'get', 'vrf', t.vrf, ROUTER]);
      expect({ type: own.type, dev: own.dev, table: own.table }).toEqual({ type: ipOwn.type, dev: ipOwn.dev, table: t.table });
      expect(own.type).toBe('local');
    }
    // Outside any VRF there is no way to the tenants.
    await expect(router.routes.get(HOST)).rejects.toMatchObject({ code: 'ENETUNREACH' });
  });

  live('UDP: each tenant reaches its own VRF\'s socket only, and the router\'s VRF socket reaches its own tenant only', async () => {
    const port = 5353;
    // The same address and port twice: sockets bound to different devices do not clash.
    const atRouter = await Promise.all(TENANTS.map((t) => router.createSocket('udp4', { port, device: t.vrf })));
    const atHosts = await Promise.all(TENANTS.map((t) => host(t).createSocket('udp4', { address: HOST, port })));
    try {
      atRouter.forEach((s, i) => s.on('message', (m, from) => { s.send(`${TENANTS[i].vrf} got ${m.toString()}`, from.port, from.address); }));
      for (const [i, t] of TENANTS.entries()) {
        const o = TENANTS.indexOf(other(t));
        const before = { own: await rxPackets(router, t.link), other: await rxPackets(router, other(t).link) };
        const reply = nextMessage(atHosts[i], 2000);
        atHosts[i].send(`from ${t.vrf}`, port, ROUTER);
        expect(await reply).toBe(`${t.vrf} got from ${t.vrf}`);
        expect(await rxPackets(router, t.link)).toBeGreaterThan(before.own);
        expect(await rxPackets(router, other(t).link)).toBe(before.other);
        // From the router's socket in this VRF to the tenant's address: only this tenant hears it.
        const hostRx = { own: await rxPackets(host(t), 'eth0'), other: await rxPackets(host(other(t)), 'eth0') };
        const heard = nextMessage(atHosts[i], 2000);
        const unheard = nextMessage(atHosts[o], 500);
        atRouter[i].send(`to ${t.vrf}`, port, HOST);
        expect(await heard).toBe(`to ${t.vrf}`);
        expect(await unheard).toBeUndefined();
        expect(await rxPackets(host(t), 'eth0')).toBeGreaterThan(hostRx.own);
        expect(await rxPackets(host(other(t)), 'eth0')).toBe(hostRx.other);
      }
    } finally {
      for (const s of [...atRouter, ...atHosts]) s.close();
    }
  });

  live('ping from each tenant to 10.0.0.1 is answered through its own VRF; the other VRF\'s link counts nothing', async () => {
    for (const t of TENANTS) {
      const before = { own: await rxPackets(router, t.link), other: await rxPackets(router, other(t).link), host: await rxPackets(host(t), 'eth0') };
      const res = await host(t).exec('ping', ['-c', '3', '-i', '0.2', '-W', '2', ROUTER]);
      expect(res.stdout).toMatch(/3 packets transmitted, 3 received/);
      expect(await rxPackets(router, t.link) - before.own).toBeGreaterThanOrEqual(3);
      expect(await rxPackets(router, other(t).link)).toBe(before.other);
      expect(await rxPackets(host(t), 'eth0') - before.host).toBeGreaterThanOrEqual(3);
    }
  });

  live('a Node server with device: \'blue\' serves the blue tenant only; a connection with device: \'red\' reaches red\'s host', async () => {
    const server = await router.listen({ host: '0.0.0.0', device: 'blue' });
    server.on('connection', (s) => s.end(`blue serves ${s.remoteAddress}`));
    const redServer = await host(TENANTS[1]).listen({ host: HOST });
    redServer.on('connection', (s) => s.end('red host'));
    try {
      const { port } = server.address() as AddressInfo;
      const client = await host(TENANTS[0]).connect({ host: ROUTER, port });
      expect(await readAll(client)).toBe(`blue serves ${HOST}`);
      await expect(host(TENANTS[1]).connect({ host: ROUTER, port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      const toRed = await router.connect({ host: HOST, port: (redServer.address() as AddressInfo).port, device: 'red' });
      expect(await readAll(toRed)).toBe('red host');
      // Outside the VRFs the router has no route to 10.0.0.2 at all.
      await expect(router.connect({ host: HOST, port: (redServer.address() as AddressInfo).port })).rejects.toMatchObject({ code: 'ENETUNREACH' });
    } finally {
      server.close();
      redServer.close();
    }
  });

  live('ns.exec with vrf runs the command in that VRF, as ip vrf exec does: ip vrf identify names it, its sockets and its children\'s are bound to the VRF, ping reaches that VRF\'s tenant only, and its cgroup is gone afterwards', async () => {
    const cgroup2 = (await execFileP('findmnt', ['-n', '-t', 'cgroup2', '-o', 'TARGET'])).stdout.split('\n')[0];
    for (const t of TENANTS) {
      // A socket made by a child of the command: python3 reads its SO_BINDTODEVICE back.
      const script = 'ip vrf identify; grep ^0:: /proc/self/cgroup; /usr/bin/python3 -c "import socket; s = socket.socket(); print(s.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16).rstrip(bytes(1)).decode())"';
      const res = await router.exec('sh', ['-c', script], { vrf: t.vrf });
      const [identified, cgroupLine, bound] = res.stdout.trim().split('\n');
      expect({ code: res.code, identified, bound }).toEqual({ code: 0, identified: t.vrf, bound: t.vrf });
      // iproute2's layout: .../NAME-ns/vrf/VRF, in a directory of the call's own, removed once it exited.
      const leaf = cgroupLine.slice('0::'.length);
      expect(leaf.endsWith(`/${router.name}-ns/vrf/${t.vrf}`)).toBe(true);
      const top = leaf.slice(0, -`/${router.name}-ns/vrf/${t.vrf}`.length);
      expect(fs.existsSync(`${cgroup2}${top}`)).toBe(false);

      const before = { own: await rxPackets(host(t), 'eth0'), other: await rxPackets(host(other(t)), 'eth0') };
      const ping = await router.exec('ping', ['-c', '2', '-i', '0.2', '-W', '2', HOST], { vrf: t.vrf });
      expect(ping.stdout).toMatch(/2 packets transmitted, 2 received/);
      expect(await rxPackets(host(t), 'eth0') - before.own).toBeGreaterThanOrEqual(2);
      expect(await rxPackets(host(other(t)), 'eth0')).toBe(before.other);
    }
    // Outside any VRF the same ping has no route.
    const outside = await router.exec('ping', ['-c', '1', '-W', '1', HOST]);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toMatch(/unreachable/i);
  });

  live('ns.spawn with vrf: ip vrf pids lists the running command; its cgroup is removed when it exits', async () => {
    const child = router.spawn('sleep', ['30'], { vrf: 'blue', stdio: 'ignore' });
    await new Promise((resolve, reject) => { child.once('spawn', resolve); child.once('error', reject); });
    const cgroup2 = (await execFileP('findmnt', ['-n', '-t', 'cgroup2', '-o', 'TARGET'])).stdout.split('\n')[0];
    const leaf = fs.readFileSync(`/proc/${child.pid}/cgroup`, 'utf8').split('\n').find((l) => l.startsWith('0::'))!.slice(3);
    const top = leaf.slice(0, -`/${router.name}-ns/vrf/blue`.length);
    expect(fs.existsSync(`${cgroup2}${leaf}/cgroup.procs`)).toBe(true);
    try {
      const pids = (await execFileP('ip', ['-n', router.name!, 'vrf', 'pids', 'blue'])).stdout;
      expect(pids).toMatch(new RegExp(`^\\s*${child.pid}\\s+sleep$`, 'm'));
      expect((await execFileP('ip', ['-n', router.name!, 'vrf', 'pids', 'red'])).stdout).not.toContain(String(child.pid));
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    expect((await execFileP('ip', ['-n', router.name!, 'vrf', 'pids', 'blue'])).stdout.trim()).toBe('');
    expect(top).toMatch(/\/netns-vrf\.\d+\.\d+$/);
    expect(fs.existsSync(`${cgroup2}${top}`)).toBe(false);
    // A command that cannot run: the helper leaves the cgroup it made and removes it itself.
    await expect(router.exec('no-such-command', [], { vrf: 'blue' })).rejects.toMatchObject({ code: 'ENOENT' });
    const home = `${cgroup2}${top.slice(0, top.lastIndexOf('/'))}`;
    expect(fs.readdirSync(home).filter((name) => name.startsWith('netns-vrf.'))).toEqual([]);
  });
});

// Where the kernel has no vrf, the library's request is refused typed and nothing is left.
(probe.has ? test.skip : test)('without vrf in this kernel: links.add of a VRF is a NetlinkError and no device is made', async () => {
  const ns = await Namespace.create(uniqueName('vrf-none'));
  try {
    await expect(ns.links.add({ kind: 'vrf', name: 'blue', table: 10 })).rejects.toMatchObject({ name: 'NetlinkError', operation: 'RTM_NEWLINK' });
    expect((await ns.links.list()).map((l) => l.name)).toEqual(['lo']);
  } finally {
    await ns.delete();
  }
});

