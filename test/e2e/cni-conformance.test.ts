// netns-cni (type netns-bridge) against the reference bridge plugin (Debian's
// containernetworking-plugins, /usr/lib/cni/bridge): the same configuration and the same IPAM result
// (host-local with a data directory per side, same subnets, so the same addresses) applied to two
// fresh setups, each a namespace playing the host and its containers; after every ADD and every DEL
// all their namespaces are compared field by field as ip, bridge, sysctl, sysfs and nft show them
// (test/e2e/cni/normalise.ts and nft.ts say what is normalised), and the CNI results are compared too.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Namespace } from '../../lib';
import { nameOf, withNamespaces } from '../helpers';
import { allRuns, hasPlugin, NETNS_CNI, runPlugin, type PluginCommand } from './cni/plugin';
import { diff, normalise, normaliseResult, type World } from './cni/normalise';
import { nftTables } from './cni/nft';
import { settledDiff, world } from './cni/settle';
import { capture } from './cni/snapshot';
import type { CniResult } from './cni/typed-bridge';

const NETWORK = 'nstest-cni';
const DUAL_STACK = [[{ subnet: '10.22.0.0/24' }], [{ subnet: 'fd22::/64' }]];
const GATEWAY_MASQ = { isGateway: true, ipMasq: true, hairpinMode: true, mtu: 1400 };

interface Case {
  title: string;
  /** The bridge options, as both plugins read them. */
  options: Record<string, unknown>;
  ipam: { ranges: { subnet: string }[][]; routes?: { dst: string }[] };
  containers: number;
  /** What the configuration must have made on the netns-cni side, so that two empty setups cannot pass. */
  made: (w: Record<string, Record<string, unknown>>) => void;
}

type Links = Record<string, { master?: string; mtu: number; flags: string[]; linkinfo?: { info_slave_data?: { hairpin: boolean } } }>;
const links = (ns: Record<string, unknown>) => ns.links as Links;
const nft = (ns: Record<string, unknown>) => JSON.stringify(ns.nft);
const routes = (ns: Record<string, unknown>) => ns.routes as { dst: string; gateway?: string; dev: string }[];
const sysctl = (ns: Record<string, unknown>) => ns.sysctl as Record<string, string>;

const CASES: Case[] = [
  {
    title: '(a) isGateway, ipMasq, hairpinMode and mtu, dual stack',
    options: GATEWAY_MASQ,
    ipam: { ranges: DUAL_STACK, routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }] },
    containers: 1,
    made: ({ host, container }) => {
      expect(links(host).VETH).toMatchObject({ master: 'cni0', mtu: 1400, linkinfo: { info_slave_data: { hairpin: true } } });
      expect(links(container).eth0.mtu).toBe(1400);
      expect(sysctl(host)['net.ipv4.ip_forward']).toBe('1');
      expect(sysctl(host)['net.ipv6.conf.all.forwarding']).toBe('1');
      // Per family a jump from POSTROUTING and a chain that masquerades what leaves the subnet.
      for (const family of ['ip', 'ip6']) expect(nft(host)).toContain(`"${family} nat":`);
      expect(nft(host).match(/\{"masquerade":null\}/g)).toHaveLength(2);
      expect(routes(container)).toContainEqual(expect.objectContaining({ dst: 'default', gateway: '10.22.0.1', dev: 'eth0' }));
    },
  },
  {
    title: '(b) isDefaultGateway',
    options: { isDefaultGateway: true },
    ipam: { ranges: DUAL_STACK },
    containers: 1,
    made: ({ host, container }) => {
      expect(JSON.stringify(host.addresses)).toContain('"local":"10.22.0.1"');
      expect(routes(container)).toContainEqual(expect.objectContaining({ dst: 'default', gateway: '10.22.0.1', dev: 'eth0' }));
      expect(routes(container)).toContainEqual(expect.objectContaining({ dst: 'default', gateway: 'fd22::1', dev: 'eth0' }));
    },
  },
  {
    title: '(c) promiscMode',
    options: { promiscMode: true },
    ipam: { ranges: [[{ subnet: '10.22.0.0/24' }]] },
    containers: 1,
    made: ({ host }) => {
      expect(links(host).cni0.flags).toContain('PROMISC');
      expect(links(host).VETH.master).toBe('cni0');
    },
  },
  {
    title: '(d) a second ADD on the same bridge',
    options: GATEWAY_MASQ,
    ipam: { ranges: DUAL_STACK, routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }] },
    containers: 2,
    made: ({ host, container2 }) => {
      expect(links(host).VETH2).toMatchObject({ master: 'cni0', linkinfo: { info_slave_data: { hairpin: true } } });
      expect(JSON.stringify(container2.addresses)).toContain('"local":"10.22.0.3"');
      expect(nft(host).match(/\{"masquerade":null\}/g)).toHaveLength(4);
    },
  },
];

/** One of the two setups: a plugin, its host, its containers and its host-local data. */
interface Side {
  plugin: string | PluginCommand;
  type: 'bridge' | 'netns-bridge';
  host: Namespace;
  containers: Namespace[];
  dataDir: string;
}

const containerId = (i: number) => `nstest-conformance-${i}`;

function config(side: Side, c: Case): Record<string, unknown> {
  return { cniVersion: '1.0.0', name: NETWORK, type: side.type, bridge: 'cni0', ...c.options, ipam: { type: 'host-local', dataDir: side.dataDir, ...c.ipam } };
}

function run(side: Side, c: Case, command: 'ADD' | 'DEL' | 'CHECK', i: number, prevResult?: unknown): Promise<unknown> {
  const conf = prevResult === undefined ? config(side, c) : { ...config(side, c), prevResult };
  return runPlugin(side.host, side.plugin, { command, containerId: containerId(i), container: side.containers[i], ifName: 'eth0' }, conf);
}

const snapshot = (side: Side) => () => world(side.host, ...(side.containers as [Namespace, ...Namespace[]]));

/** The host-local reservations (files named by an address) in a side's data directory. */
function reservations(side: Side): Record<string, string> {
  const dir = join(side.dataDir, NETWORK);
  if (!existsSync(dir)) return {};
  const files = readdirSync(dir).filter((f) => /^[0-9a-f.:]+$/.test(f));
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** Nothing of container i is on the host side: no port of it, no rule naming its address or ID, no reservation. */
function nothingLeft(side: Side, w: World, result: CniResult, i: number): void {
  const host = normalise(w).host;
  // Containers are deleted last first: i remain, each with its port.
  expect(Object.values(links(host)).filter((l) => l.master === 'cni0')).toHaveLength(i);
  for (const ip of result.ips) expect(nft(host)).not.toContain(`"${ip.address.split('/')[0]}"`);
  expect(nft(host)).not.toContain(containerId(i));
  expect(Object.values(reservations(side)).filter((owner) => owner.startsWith(containerId(i)))).toEqual([]);
}

const SIDES: [string, string] = ['reference', 'netns-cni'];

test.each(CASES)('netns-cni leaves the state the reference bridge plugin leaves: $title', async (c) => {
  // Not a kernel feature: the package is a test dependency (.ci/run installs it), so its absence fails.
  if (!hasPlugin('bridge') || !hasPlugin('host-local')) throw new Error('/usr/lib/cni/{bridge,host-local} missing: apt-get install containernetworking-plugins');
  const tmp = mkdtempSync(join(tmpdir(), 'nstest-cni-conformance-'));
  try {
    await withNamespaces(2 + 2 * c.containers, async (refHost, ownHost, ...containers) => {
      const ref: Side = { plugin: 'bridge', type: 'bridge', host: refHost, containers: containers.slice(0, c.containers), dataDir: join(tmp, 'reference') };
      const own: Side = { plugin: NETNS_CNI, type: 'netns-bridge', host: ownHost, containers: containers.slice(c.containers), dataDir: join(tmp, 'netns-cni') };

      // ADD, one container after the other, both sides at once.
      const results: [CniResult, CniResult][] = [];
      for (let i = 0; i < c.containers; i++) {
        results.push(await allRuns([ref, own].map((side) => run(side, c, 'ADD', i))) as [CniResult, CniResult]);
      }
      const added = await settledDiff(snapshot(ref), snapshot(own), 10_000, SIDES);
      expect(added.lines.join('\n')).toBe('');
      c.made(normalise(added.typed));
      for (const [i, [a, b]] of results.entries()) {
        expect(normaliseResult(added.typed, b)).toEqual(normaliseResult(added.plugin, a));
        expect(b.ips.length).toBe(c.ipam.ranges.length);
        expect(b.interfaces[2]).toMatchObject({ name: 'eth0', sandbox: `/run/netns/${own.containers[i].name}` });
      }

      // CHECK with the ADD's result as prevResult, as a runtime sends it: both succeed.
      for (const [i, pair] of results.entries()) {
        await allRuns([ref, own].map((side, s) => run(side, c, 'CHECK', i, pair[s])));
      }

      // DEL, last container first: after each, the same state on both sides and nothing of it left.
      for (let i = c.containers - 1; i >= 0; i--) {
        await allRuns([ref, own].map((side) => run(side, c, 'DEL', i)));
        const gone = await settledDiff(snapshot(ref), snapshot(own), 10_000, SIDES);
        expect(gone.lines.join('\n')).toBe('');
        nothingLeft(ref, gone.plugin, results[i][0], i);
        nothingLeft(own, gone.typed, results[i][1], i);
      }
      expect(reservations(own)).toEqual({});
      expect(reservations(ref)).toEqual({});
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 120_000);

test('the ruleset comparison reads iptables-nft\'s xt comment and MASQUERADE as nft\'s own, table netns-cni as nat, and sees a changed rule', async () => {
  if (!hasPlugin('bridge') || !hasPlugin('host-local')) throw new Error('/usr/lib/cni/{bridge,host-local} missing: apt-get install containernetworking-plugins');
  const tmp = mkdtempSync(join(tmpdir(), 'nstest-cni-conformance-'));
  try {
    await withNamespaces(3, async (host, container, native) => {
      const c = CASES[0];
      const side: Side = { plugin: 'bridge', type: 'bridge', host, containers: [container], dataDir: tmp };
      await run(side, c, 'ADD', 0);
      // What the reference wrote through iptables-nft, in nft's own syntax (the chain named as
      // utils.FormatChainName names it: CNI- and 24 hex digits of sha512(network + container ID)).
      const chain = `CNI-${createHash('sha512').update(NETWORK + containerId(0)).digest('hex').slice(0, 24)}`;
      const comment = `name: "${NETWORK}" id: "${containerId(0)}"`;
      // In netns-cni's own table, as netns-cni writes them. nft's syntax has no escape for the
      // quotes in the comment: its JSON input, as an argument, has.
      const table = (family: 'ip' | 'ip6', address: string, subnet: string, multicast: string) => {
        const match = (field: string, op: string, right: unknown) => ({ match: { op, left: { payload: { protocol: family, field } }, right } });
        const prefix = (cidr: string) => ({ prefix: { addr: cidr.split('/')[0], len: Number(cidr.split('/')[1]) } });
        const rule = (name: string, expr: object[]) => ({ rule: { family, table: 'netns-cni', chain: name, expr: [expr[0], { counter: { packets: 0, bytes: 0 } }, expr[1]], comment } });
        return [
          { table: { family, name: 'netns-cni' } },
          { chain: { family, table: 'netns-cni', name: chain } },
          { chain: { family, table: 'netns-cni', name: 'POSTROUTING', type: 'nat', hook: 'postrouting', prio: 100, policy: 'accept' } },
          rule(chain, [match('daddr', '==', prefix(subnet)), { accept: null }]),
          rule(chain, [match('daddr', '!=', prefix(multicast)), { masquerade: null }]),
          rule('POSTROUTING', [match('saddr', '==', address), { jump: { target: chain } }]),
        ];
      };
      const nft = async (args: string[]) => {
        const r = await native.exec('nft', args);
        if (r.code !== 0) throw new Error(`nft ${args.join(' ')}: ${r.stderr}`);
      };
      const ruleset = { nftables: [...table('ip', '10.22.0.2', '10.22.0.0/24', '224.0.0.0/4'), ...table('ip6', 'fd22::2', 'fd22::/64', 'ff00::/8')] };
      await nft(['-j', JSON.stringify(ruleset)]);
      const rules = async (ns: Namespace) => {
        const s = await capture(nameOf(ns));
        return nftTables(s.nft, s.xtComments);
      };
      const reference = await rules(host);
      expect(JSON.stringify(reference)).toContain(`"comment":${JSON.stringify(comment)}`);
      expect(diff(reference, await rules(native), '', ['reference', 'nft'])).toEqual([]);

      await nft(['insert', 'rule', 'ip6', 'netns-cni', chain, 'counter', 'accept']);
      expect(diff(reference, await rules(native), '', ['reference', 'nft'])).toEqual([
        `.ip6 nat.chains.${chain}.rules[]: only nft {"expr":[{"counter":"COUNTER"},{"accept":null}]}`,
      ]);
      await run(side, c, 'DEL', 0);
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);
