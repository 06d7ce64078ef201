// netns-cni (dist/bin/netns-cni.js) spoken to as a runtime does: CNI_* in the environment, the
// configuration on stdin, run inside a namespace that plays the host. What it did is read back
// through iproute2, nft and host-local's files, never through the library.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Namespace } from '../../lib';
import { ipJson, nameOf, withNamespaces } from '../helpers';

const execFileP = promisify(execFile);
const PLUGIN = resolve(__dirname, '..', '..', 'dist', 'bin', 'netns-cni.js');
const CNI_PATH = '/usr/lib/cni';

interface Run { code: number | null; stdout: string; stderr: string; json: any }

/** Runs the plugin in `host` with exactly these CNI_* variables (undefined: left out). */
async function cni(host: Namespace, vars: Record<string, string | undefined>, config: unknown): Promise<Run> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) env[k] = v;
  const { code, stdout, stderr } = await host.exec(process.execPath, [PLUGIN], { env, input: typeof config === 'string' ? config : JSON.stringify(config) }) as { code: number | null; stdout: string; stderr: string };
  return { code, stdout, stderr, json: stdout.trim() ? JSON.parse(stdout) : undefined };
}

/** The variables of one attachment: container `container`, interface eth0. */
const attach = (command: string, container: Namespace, containerId = 'nstest-c1', ifName = 'eth0') => ({
  CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: `/run/netns/${nameOf(container)}`, CNI_IFNAME: ifName, CNI_PATH,
});

function conf(dataDir: string, extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    cniVersion: '1.0.0', name: 'nstest-net', type: 'netns-bridge', bridge: 'cni0', isGateway: true, ipMasq: true, hairpinMode: true,
    ipam: { type: 'host-local', dataDir, ranges: [[{ subnet: '10.30.0.0/24' }], [{ subnet: 'fd30::/64' }]], routes: [{ dst: '0.0.0.0/0' }] },
    ...extra,
  };
}

const nft = async (ns: Namespace): Promise<any[]> => JSON.parse((await execFileP('ip', ['netns', 'exec', nameOf(ns), 'nft', '-j', 'list', 'ruleset'])).stdout).nftables;
const chains = async (ns: Namespace): Promise<string[]> => (await nft(ns)).filter((i) => i.chain).map((i) => `${i.chain.family} ${i.chain.table} ${i.chain.name}`).sort();
const links = async (ns: Namespace): Promise<any[]> => ipJson(['-n', nameOf(ns), '-d', 'link']);
const byNameIn = (ls: any[], name: string): any => ls.find((l) => l.ifname === name);
const vethsOn = async (ns: Namespace): Promise<string[]> => (await links(ns)).filter((l) => l.linkinfo?.info_kind === 'veth').map((l) => l.ifname);
/** host-local's reservations: one file per address in dataDir/NETWORK. */
const reserved = (dataDir: string): string[] => {
  const dir = join(dataDir, 'nstest-net');
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^[0-9a-f.:]+$/.test(f)).sort() : [];
};

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'nstest-cni-protocol-')); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
const dataDir = () => join(tmp, `ipam${++dirs}`);

describe('netns-cni protocol', () => {
  test('VERSION lists 0.4.0, 1.0.0 and 1.1.0, echoing the version asked; no command prints what the plugin is', async () => {
    await withNamespaces(1, async (host) => {
      const r = await cni(host, { CNI_COMMAND: 'VERSION' }, { cniVersion: '0.4.0' });
      expect(r.code).toBe(0);
      expect(r.json.cniVersion).toBe('0.4.0');
      expect(r.json.supportedVersions).toEqual(expect.arrayContaining(['0.3.1', '0.4.0', '1.0.0', '1.1.0']));
      expect((await cni(host, { CNI_COMMAND: 'VERSION' }, '')).json.cniVersion).toBe('1.1.0');
      const about = await cni(host, {}, '');
      expect(about).toMatchObject({ code: 0, stdout: '' });
      expect(about.stderr).toMatch(/netns-bridge.*\n.*1\.1\.0/);
    });
  });

  test('bad environment and configuration: the spec\'s codes in an error result on stdout, exit 1', async () => {
    await withNamespaces(2, async (host, container) => {
      const good = conf(dataDir());
      const error = async (vars: Record<string, string | undefined>, config: unknown) => {
        const r = await cni(host, vars, config);
        expect(r.code).toBe(1);
        expect(Object.keys(r.json).slice(0, 3)).toEqual(['cniVersion', 'code', 'msg']);
        return r.json as { cniVersion: string; code: number; msg: string; details?: string };
      };
      // 4: the environment, naming what is missing or wrong.
      expect(await error({ CNI_COMMAND: 'ADD', CNI_PATH }, good)).toMatchObject({ code: 4, msg: 'required env variables [CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME] missing' });
      expect(await error({ ...attach('ADD', container), CNI_NETNS: undefined }, good)).toMatchObject({ code: 4, msg: expect.stringContaining('CNI_NETNS') });
      expect(await error({ ...attach('FROB', container) }, good)).toMatchObject({ code: 4, msg: 'unknown CNI_COMMAND: FROB' });
      expect(await error(attach('ADD', container, 'bad/id'), good)).toMatchObject({ code: 4, msg: 'invalid characters in containerID' });
      expect(await error(attach('ADD', container, 'c1', 'a-much-too-long-name'), good)).toMatchObject({ code: 4, msg: 'interface name is too long' });
      expect(await error({ ...attach('ADD', container), CNI_ARGS: 'FOO=1' }, good)).toMatchObject({ code: 4, msg: expect.stringContaining('FOO') });
      // 6: not JSON; 7: the configuration; 1: a version the plugin does not speak, or one without CHECK.
      expect(await error(attach('ADD', container), '{"cniVersion":')).toMatchObject({ code: 6 });
      expect(await error(attach('ADD', container), { ...good, name: undefined })).toMatchObject({ code: 7, msg: 'missing network name' });
      expect(await error(attach('ADD', container), { ...good, name: 'bad name' })).toMatchObject({ code: 7, details: 'bad name' });
      expect(await error(attach('ADD', container), { ...good, mtu: '1400' })).toMatchObject({ code: 7, msg: expect.stringContaining('mtu') });
      expect(await error(attach('ADD', container), { ...good, promiscMode: true })).toMatchObject({ code: 7, msg: expect.stringContaining('hairpin') });
      expect(await error(attach('ADD', container), { ...good, cniVersion: '9.9.9' })).toMatchObject({
        cniVersion: '9.9.9', code: 1, msg: 'incompatible CNI versions', details: expect.stringContaining('"1.1.0"'),
      });
      expect(await error(attach('CHECK', container), { ...good, cniVersion: '0.3.1' })).toMatchObject({ code: 1, msg: 'config version does not allow CHECK' });
      expect(await error(attach('ADD', container), { ...good, ipam: { ...good.ipam, type: 'nstest-no-such-ipam' } })).toMatchObject({ code: 999, msg: expect.stringContaining('failed to find plugin "nstest-no-such-ipam"') });
      // Nothing of a container is left: the checks come before any change; the IPAM lookup fails after the pair was made, and the pair goes.
      expect(await vethsOn(host)).toEqual([]);
      expect((await links(container)).map((l) => l.ifname)).toEqual(['lo']);
    });
  });

  test('ADD, CHECK, DEL: the state the result names, CHECK passing then failing when it changes, nothing left after DEL, DEL twice', async () => {
    await withNamespaces(2, async (host, container) => {
      const dir = dataDir();
      const add = await cni(host, attach('ADD', container), conf(dir));
      expect(add.stderr).toBe('');
      expect(add.code).toBe(0);
      const r = add.json;
      expect(r).toMatchObject({
        cniVersion: '1.0.0',
        interfaces: [{ name: 'cni0' }, { name: expect.stringMatching(/^veth[0-9a-f]{8}$/) }, { name: 'eth0', sandbox: `/run/netns/${nameOf(container)}` }],
        ips: [{ interface: 2, address: '10.30.0.2/24', gateway: '10.30.0.1' }, { interface: 2, address: 'fd30::2/64', gateway: 'fd30::1' }],
        routes: [{ dst: '0.0.0.0/0' }],
        dns: {},
      });
      const hostVeth = r.interfaces[1].name as string;
      // The result's MACs are the devices' own, read back by ip.
      const hostLinks = await links(host);
      const contLinks = await links(container);
      const byName = (ls: any[], n: string) => ls.find((l) => l.ifname === n);
      expect(byName(hostLinks, 'cni0').address).toBe(r.interfaces[0].mac);
      expect(byName(hostLinks, hostVeth)).toMatchObject({ address: r.interfaces[1].mac, master: 'cni0', linkinfo: { info_slave_data: { hairpin: true } } });
      expect(byName(contLinks, 'eth0')).toMatchObject({ address: r.interfaces[2].mac, operstate: 'UP' });
      const addrs = await ipJson(['-n', nameOf(container), 'addr', 'show', 'eth0']);
      expect(addrs[0].addr_info.filter((a: any) => a.scope === 'global').map((a: any) => `${a.local}/${a.prefixlen}`)).toEqual(['10.30.0.2/24', 'fd30::2/64']);
      expect(await ipJson(['-n', nameOf(container), 'route', 'show', 'default'])).toMatchObject([{ dst: 'default', gateway: '10.30.0.1', dev: 'eth0' }]);
      const brAddrs = (await ipJson(['-n', nameOf(host), 'addr', 'show', 'cni0']))[0].addr_info.filter((a: any) => a.scope === 'global');
      expect(brAddrs.map((a: any) => `${a.local}/${a.prefixlen}`)).toEqual(['10.30.0.1/24', 'fd30::1/64']);
      const chain = `CNI-${createHash('sha512').update('nstest-netnstest-c1').digest('hex').slice(0, 24)}`;
      expect(await chains(host)).toEqual([`ip netns-cni ${chain}`, 'ip netns-cni POSTROUTING', `ip6 netns-cni ${chain}`, 'ip6 netns-cni POSTROUTING']);
      expect(reserved(dir)).toEqual(['10.30.0.2', 'fd30::2']);

      const withPrev = { ...conf(dir), prevResult: r };
      expect(await cni(host, attach('CHECK', container), withPrev)).toMatchObject({ code: 0, stdout: '' });
      // CHECK without prevResult, and after the container's address went, fails.
      expect((await cni(host, attach('CHECK', container), conf(dir))).json).toMatchObject({ code: 999, msg: 'Required prevResult missing' });
      await execFileP('ip', ['-n', nameOf(container), 'addr', 'del', '10.30.0.2/24', 'dev', 'eth0']);
      expect((await cni(host, attach('CHECK', container), withPrev)).json).toMatchObject({ msg: expect.stringContaining('10.30.0.2/24') });

      for (let i = 0; i < 2; i++) {
        expect(await cni(host, attach('DEL', container), withPrev)).toMatchObject({ code: 0, stdout: '' });
        expect(await vethsOn(host)).toEqual([]);
        expect((await links(container)).map((l) => l.ifname)).toEqual(['lo']);
        expect(await chains(host)).toEqual(['ip netns-cni POSTROUTING', 'ip6 netns-cni POSTROUTING']);
        expect(reserved(dir)).toEqual([]);
      }
    });
  });

  test('DEL after the container\'s namespace is gone succeeds and still releases the address and the masquerade rules', async () => {
    await withNamespaces(2, async (host, container) => {
      const dir = dataDir();
      const vars = attach('DEL', container);
      expect((await cni(host, attach('ADD', container), conf(dir))).code).toBe(0);
      expect(reserved(dir)).toHaveLength(2);
      await container.delete();
      expect(await cni(host, vars, conf(dir))).toMatchObject({ code: 0, stdout: '' });
      expect(reserved(dir)).toEqual([]);
      expect(await chains(host)).toEqual(['ip netns-cni POSTROUTING', 'ip6 netns-cni POSTROUTING']);
      // Without CNI_NETNS at all, as a runtime that lost it calls DEL.
      expect(await cni(host, { ...vars, CNI_NETNS: undefined }, conf(dir))).toMatchObject({ code: 0, stdout: '' });
    });
  });

  test('a 0.4.0 configuration gets a 0.4.0 result (each address with its version), a 0.2.0 one the ip4/ip6 shape', async () => {
    await withNamespaces(3, async (host, c1, c2) => {
      const dir = dataDir();
      const r = await cni(host, attach('ADD', c1, 'nstest-c1'), conf(dir, { cniVersion: '0.4.0' }));
      expect(r.code).toBe(0);
      expect(r.json).toEqual({
        cniVersion: '0.4.0',
        interfaces: expect.any(Array),
        ips: [{ version: '4', interface: 2, address: '10.30.0.2/24', gateway: '10.30.0.1' }, { version: '6', interface: 2, address: 'fd30::2/64', gateway: 'fd30::1' }],
        routes: [{ dst: '0.0.0.0/0' }],
        dns: {},
      });
      // CHECK exists from 0.4.0 on.
      expect((await cni(host, attach('CHECK', c1, 'nstest-c1'), { ...conf(dir, { cniVersion: '0.4.0' }), prevResult: r.json })).code).toBe(0);
      const old = await cni(host, attach('ADD', c2, 'nstest-c2'), conf(dir, { cniVersion: '0.2.0' }));
      expect(old.json).toEqual({
        cniVersion: '0.2.0',
        ip4: { ip: '10.30.0.3/24', gateway: '10.30.0.1', routes: [{ dst: '0.0.0.0/0' }] },
        ip6: { ip: 'fd30::3/64', gateway: 'fd30::1' },
        dns: {},
      });
      for (const [c, id, v] of [[c1, 'nstest-c1', '0.4.0'], [c2, 'nstest-c2', '0.2.0']] as const) {
        expect((await cni(host, attach('DEL', c, id), conf(dir, { cniVersion: v }))).code).toBe(0);
      }
      expect(reserved(dir)).toEqual([]);
    });
  });

  test('a failure after IPAM\'s ADD leaves nothing: no veth, no address reserved, no masquerade rule', async () => {
    await withNamespaces(2, async (host, container) => {
      const dir = dataDir();
      // The bridge already has another IPv4 address: without forceAddress the gateway cannot go on it.
      await execFileP('ip', ['-n', nameOf(host), 'link', 'add', 'cni0', 'type', 'bridge']);
      await execFileP('ip', ['-n', nameOf(host), 'addr', 'add', '192.0.2.1/24', 'dev', 'cni0']);
      const r = await cni(host, attach('ADD', container), conf(dir));
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ code: 999, msg: expect.stringContaining('already has an IP address different from 10.30.0.1/24') });
      expect(await vethsOn(host)).toEqual([]);
      expect((await links(container)).map((l) => l.ifname)).toEqual(['lo']);
      expect(reserved(dir)).toEqual([]);
      expect((await chains(host).catch(() => [])).filter((c) => c.includes('CNI-'))).toEqual([]);
      // forceAddress replaces the address instead.
      const forced = await cni(host, attach('ADD', container), conf(dir, { forceAddress: true }));
      expect(forced.code).toBe(0);
      const brAddrs = (await ipJson(['-n', nameOf(host), '-4', 'addr', 'show', 'cni0']))[0].addr_info.map((a: any) => a.local);
      expect(brAddrs).toEqual(['10.30.0.1']);
      expect((await cni(host, attach('DEL', container), conf(dir))).code).toBe(0);
    });
  });

  test('host-local allocates while the pair is made: when the pair cannot be made, its address goes back', async () => {
    await withNamespaces(2, async (host, container) => {
      const dir = dataDir();
      // The container already has an eth0: the pair cannot be made, after host-local has run.
      await execFileP('ip', ['-n', nameOf(container), 'link', 'add', 'eth0', 'type', 'bridge']);
      const r = await cni(host, attach('ADD', container), conf(dir));
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ code: 999, msg: expect.stringContaining('container veth name provided (eth0) already exists') });
      expect(existsSync(join(dir, 'nstest-net'))).toBe(true);  // host-local ran (it made its network's directory)
      expect(reserved(dir)).toEqual([]);                          // and gave its address back
      expect(await vethsOn(host)).toEqual([]);
      // The next ADD holds exactly its own two addresses (host-local moves on past the one it gave back).
      await execFileP('ip', ['-n', nameOf(container), 'link', 'del', 'eth0']);
      const ok = await cni(host, attach('ADD', container), conf(dir));
      expect(ok.code).toBe(0);
      expect(reserved(dir)).toEqual(ok.json.ips.map((ip: { address: string }) => ip.address.split('/')[0]).sort());
      expect((await cni(host, attach('DEL', container), conf(dir))).code).toBe(0);
      expect(reserved(dir)).toEqual([]);
    });
  });

  test('chained after it, the reference portmap plugin (iptables-nft in table nat) still works: the masquerade rules keep out of iptables\' tables', async () => {
    await withNamespaces(2, async (host, container) => {
      const dir = dataDir();
      const add = await cni(host, attach('ADD', container), conf(dir));
      expect(add.code).toBe(0);
      const portmap = { cniVersion: '1.0.0', name: 'nstest-net', type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] }, prevResult: add.json };
      const run = (command: string) => host.exec(`${CNI_PATH}/portmap`, [], { env: { PATH: process.env.PATH, ...attach(command, container) }, input: JSON.stringify(portmap) });
      const pm = await run('ADD');
      expect(pm.stderr).toBe('');
      expect(pm.code).toBe(0);
      const saved = (await execFileP('ip', ['netns', 'exec', nameOf(host), 'iptables-nft', '-t', 'nat', '-S'])).stdout;
      expect(saved).toMatch(/--dport 8080 .*-j DNAT --to-destination 10\.30\.0\.2:80/);
      expect((await run('DEL')).code).toBe(0);
      expect((await cni(host, attach('DEL', container), conf(dir))).code).toBe(0);
    });
  });

  test('STATUS and GC (1.1.0): ready with host-local and nftables; GC drops the masquerade chains of containers no longer valid', async () => {
    await withNamespaces(3, async (host, c1, c2) => {
      const dir = dataDir();
      const v110 = conf(dir, { cniVersion: '1.1.0' });
      expect(await cni(host, { CNI_COMMAND: 'STATUS', CNI_PATH }, v110)).toMatchObject({ code: 0, stdout: '' });
      expect((await cni(host, { CNI_COMMAND: 'STATUS', CNI_PATH }, conf(dir))).json).toMatchObject({ code: 1, msg: 'config version does not allow STATUS' });
      const ipamGone = await cni(host, { CNI_COMMAND: 'STATUS', CNI_PATH: '/nonexistent' }, v110);
      expect(ipamGone.json).toMatchObject({ code: 50, msg: 'IPAM plugin host-local is not available' });
      // host-local 1.1.1 speaks up to 1.0.0: the attachments are made with that, GC comes with 1.1.0.
      for (const [c, id] of [[c1, 'nstest-c1'], [c2, 'nstest-c2']] as const) expect((await cni(host, attach('ADD', c, id), conf(dir))).code).toBe(0);
      const chainOf = (id: string) => `CNI-${createHash('sha512').update(`nstest-net${id}`).digest('hex').slice(0, 24)}`;
      const gc = await cni(host, { CNI_COMMAND: 'GC', CNI_PATH }, { ...v110, 'cni.dev/valid-attachments': [{ containerID: 'nstest-c1', ifname: 'eth0' }] });
      expect(gc).toMatchObject({ code: 0, stdout: '' });
      const left = await chains(host);
      expect(left).toContain(`ip netns-cni ${chainOf('nstest-c1')}`);
      expect(left.filter((c) => c.includes(chainOf('nstest-c2')))).toEqual([]);
      for (const [c, id] of [[c1, 'nstest-c1'], [c2, 'nstest-c2']] as const) expect((await cni(host, attach('DEL', c, id), conf(dir))).code).toBe(0);
    });
  });

  test('the container MAC asked for: runtimeConfig.mac, else args.cni.mac, else CNI_ARGS MAC', async () => {
    await withNamespaces(2, async (host, container) => {
      const dir = dataDir();
      const macOf = async () => byNameIn(await links(container), 'eth0').address as string;
      const base = conf(dir, { ipMasq: false });
      const cases: Array<[Record<string, unknown>, string | undefined, string]> = [
        [{ runtimeConfig: { mac: '02:00:00:00:00:01' }, args: { cni: { mac: '02:00:00:00:00:02' } } }, 'IgnoreUnknown=1;MAC=02:00:00:00:00:03;K8S_POD_NAME=x', '02:00:00:00:00:01'],
        // IgnoreUnknown: the same CNI_ARGS go to host-local, which knows no MAC.
        [{ args: { cni: { mac: '02:00:00:00:00:02' } } }, 'IgnoreUnknown=1;MAC=02:00:00:00:00:03', '02:00:00:00:00:02'],
        [{}, 'MAC=02:00:00:00:00:03;IgnoreUnknown=true', '02:00:00:00:00:03'],
      ];
      for (const [extra, args, mac] of cases) {
        const r = await cni(host, { ...attach('ADD', container), CNI_ARGS: args }, { ...base, ...extra });
        expect(r.code).toBe(0);
        expect(r.json.interfaces[2].mac).toBe(mac);
        expect(await macOf()).toBe(mac);
        expect((await cni(host, attach('DEL', container), base)).code).toBe(0);
      }
    });
  });

  test('without ipam (layer 2 only, here in 1.1.0): the pair on the bridge, the container end up without addresses', async () => {
    await withNamespaces(2, async (host, container) => {
      const l2 = { cniVersion: '1.1.0', name: 'nstest-net', type: 'netns-bridge', bridge: 'br-l2', isGateway: true, ipMasq: true };
      const r = await cni(host, attach('ADD', container), l2);
      expect(r.code).toBe(0);
      expect(Object.keys(r.json)).toEqual(['cniVersion', 'interfaces', 'dns']);
      expect(r.json.interfaces.map((i: any) => i.name)).toEqual(['br-l2', expect.stringMatching(/^veth/), 'eth0']);
      expect(byNameIn(await links(container), 'eth0')).toMatchObject({ operstate: 'UP' });
      expect((await ipJson(['-n', nameOf(container), 'addr', 'show', 'eth0']))[0].addr_info.filter((a: any) => a.scope === 'global')).toEqual([]);
      expect(byNameIn(await links(host), r.json.interfaces[1].name)).toMatchObject({ master: 'br-l2' });
      // No addresses, so no gateway and nothing to masquerade.
      expect((await ipJson(['-n', nameOf(host), 'addr', 'show', 'br-l2']))[0].addr_info.filter((a: any) => a.scope === 'global')).toEqual([]);
      expect((await chains(host).catch(() => [])).filter((c) => c.includes('CNI-'))).toEqual([]);
      expect((await cni(host, attach('DEL', container), l2)).code).toBe(0);
      expect(await vethsOn(host)).toEqual([]);
    });
  });

  test('prevResult (chaining): the result keeps what came before, this attachment\'s indexes shifted past it', async () => {
    await withNamespaces(2, async (host, container) => {
      const dir = dataDir();
      const prevResult = {
        cniVersion: '1.0.0',
        interfaces: [{ name: 'lo', sandbox: `/run/netns/${nameOf(container)}` }],
        ips: [{ interface: 0, address: '127.0.0.1/8' }],
        dns: { nameservers: ['192.0.2.53'] },
      };
      const r = await cni(host, attach('ADD', container), { ...conf(dir, { isGateway: false, ipMasq: false }), prevResult });
      expect(r.code).toBe(0);
      expect(r.json.interfaces.map((i: any) => i.name)).toEqual(['lo', 'cni0', expect.stringMatching(/^veth/), 'eth0']);
      expect(r.json.ips).toEqual([{ interface: 0, address: '127.0.0.1/8' }, { interface: 3, address: '10.30.0.2/24', gateway: '10.30.0.1' }, { interface: 3, address: 'fd30::2/64', gateway: 'fd30::1' }]);
      expect(r.json.dns).toEqual({ nameservers: ['192.0.2.53'] });
      // Without isGateway the bridge has no address, and nothing masquerades.
      expect((await ipJson(['-n', nameOf(host), 'addr', 'show', 'cni0']))[0].addr_info.filter((a: any) => a.scope === 'global')).toEqual([]);
      expect((await cni(host, attach('DEL', container), conf(dir, { isGateway: false, ipMasq: false }))).code).toBe(0);
    });
  });
});
