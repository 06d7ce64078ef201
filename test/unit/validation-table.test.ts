// Every field of every spec, option and filter object of the public API, with good and bad values
// and the error code each bad one must give, run through the same entry point the method uses.
// The last test walks the schema registry: a field added to a schema without a row here fails it.
import { Namespace } from '../../lib';
import { allSchemas } from '../../lib/specs/schema';
import { parsePrefix } from '../../lib/specs/ip';
import { linkChangesSchema, linkFilterSchema, linkSpecSchemas, validateLinkChanges, validateLinkSpec } from '../../lib/specs/link-spec';
import { parseRouteSpec, routeFilterSchema, routeGetSchema } from '../../lib/specs/route';
import type { RouteSpec } from '../../lib/types/route';
import { parseRuleSpec } from '../../lib/specs/rule';
import type { RuleSpec } from '../../lib/types/rule';
import { parseNeighborSpec } from '../../lib/specs/neighbor';
import type { NeighborSpec } from '../../lib/types/neighbor';
import { parseNexthopSpec } from '../../lib/specs/nexthop';
import type { NexthopSpec } from '../../lib/types/nexthop';
import { parseFdbSpec } from '../../lib/specs/fdb';
import type { FdbSpec } from '../../lib/types/fdb';
import { parseFilterDelete, parseFilterSpec } from '../../lib/specs/tc-filter';
import { parseBridgeVlanSpec } from '../../lib/specs/bridge-vlan';
import type { BridgeVlanSpec } from '../../lib/types/bridge-vlan';
import { validateAddressOptions } from '../../lib/specs/address';
import { monitorOptionsSchema } from '../../lib/specs/monitor';
import { connectOptionsSchema, listenOptionsSchema, udpOptionsSchema } from '../../lib/specs/socket';
import { batchOptionsSchema } from '../../lib/specs/batch-args';
import { createOptionsSchema, openOptionsSchema } from '../../lib/specs/namespace-options';
import { readExecOptions, readSpawnOptions } from '../../lib/specs/process-options';
import { tcRows } from './validation-rows-tc';
import { firewallRows } from './validation-rows-firewall';

const TYPE = 'ERR_INVALID_ARG_TYPE';
const VALUE = 'ERR_INVALID_ARG_VALUE';
const RANGE = 'ERR_OUT_OF_RANGE';

type Bad = [unknown, string];
/** good values, bad values with their code, and fields to add for this row (cross-field needs). */
interface Row { good: unknown[]; bad: Bad[]; with?: Record<string, unknown> }
interface Entry {
  parse: (v: unknown) => unknown;
  base: Record<string, unknown>;
  rows: Record<string, Row>;
  /** The field also takes a number in place of the object (a single port). */
  orNumber?: true;
}

// The initial namespace's handle: a valid Namespace value. Never closed here (it is the process's own fd).
const here = Namespace.current();
const mac = '02:00:00:00:00:01';
const u32Row: Row = { good: [0, 0xffffffff], bad: [[-1, RANGE], [2 ** 32, RANGE], ['1', TYPE], [1.5, RANGE]] };
const boolRow: Row = { good: [true, false], bad: [[1, TYPE], ['true', TYPE]] };
const linkRefRow: Row = { good: ['eth0', 3], bad: [['a/b', VALUE], ['', VALUE], [0, RANGE], [{}, TYPE], ['x'.repeat(16), RANGE]] };
const familyRow: Row = { good: [4], bad: [[5, VALUE], ['4', VALUE], ['constructor', VALUE]] };
const int = (min: number, max: number): Row => ({ good: [min, max], bad: [[min - 1, RANGE], [max + 1, RANGE], [String(min), TYPE]] });
const flagsRow: Row = { good: [[], ['onlink']], bad: [[5, TYPE], [[5], TYPE]] };
const rawRow: Row = { good: [{}], bad: [[5, TYPE], [[], TYPE]] };
/** A link name (SO_BINDTODEVICE, a VRF for spawn/exec): an index is no name. */
const deviceRow: Row = { good: ['blue', 'x'.repeat(15)], bad: [['x'.repeat(16), RANGE], ['a/b', VALUE], ['', VALUE], [3, TYPE]] };

const route = (extra: Record<string, unknown>): unknown => parseRouteSpec({ dst: '10.1.0.0/16', ...extra });

const commonLinkRows = (kind: string): Record<string, Row> => ({
  kind: { good: [kind], bad: [[5, TYPE], ['x'.repeat(70000), RANGE], ['', VALUE]] },
  name: { good: ['v1', 'x'.repeat(15)], bad: [['x'.repeat(16), RANGE], ['a b', VALUE], ['a/b', VALUE], [5, TYPE]] },
  mtu: { good: [68, 9000], bad: [[67, RANGE], ['1500', TYPE]] },
  address: { good: [mac], bad: [['zz', VALUE], [5, TYPE]] },
  txqueuelen: u32Row,
  up: boolRow,
  master: linkRefRow,
  namespace: { good: [here], bad: [[{}, TYPE], ['ns', TYPE], [Object.create(Namespace.prototype), TYPE]] },
});

const KIND_ROWS: Record<string, { base?: Record<string, unknown>; rows: Record<string, Row> }> = {
  veth: { rows: { peer: { good: [{ name: 'p0' }, {}], bad: [[{ bogus: 1 }, VALUE], [5, TYPE], [{ mtu: 1 }, RANGE]] } } },
  bridge: {
    rows: {
      stp: boolRow, forwardDelay: int(200, 3000), helloTime: int(100, 1000), maxAge: int(600, 4000), ageingTime: u32Row,
      priority: int(0, 0xffff), vlanFiltering: boolRow, vlanDefaultPvid: int(0, 4094), mcastSnooping: boolRow,
    },
  },
  vxlan: {
    base: { vni: 1 },
    rows: {
      vni: int(0, 0xffffff), port: int(1, 0xffff), local: { good: ['10.0.0.1'], bad: [['x', VALUE], [1, TYPE]] },
      remote: { good: ['10.0.0.2'], bad: [['239.1.1.1', VALUE], [1, TYPE]] },
      group: { good: ['239.1.1.1'], bad: [['10.0.0.2', VALUE]] }, dev: linkRefRow, ttl: int(0, 255), tos: int(0, 255), learning: boolRow,
    },
  },
  macvlan: { base: { parent: 'eth0' }, rows: { parent: linkRefRow, mode: { good: ['bridge'], bad: [['constructor', VALUE], [4, TYPE]] } } },
  ifb: { rows: {} },
  dummy: { rows: {} },
  wireguard: { rows: {} },
  tun: { rows: { owner: int(0, 0xfffffffe), group: int(0, 0xfffffffe), multiQueue: boolRow, packetInfo: boolRow, vnetHdr: boolRow } },
  tap: { rows: { owner: int(0, 0xfffffffe), group: int(0, 0xfffffffe), multiQueue: boolRow, packetInfo: boolRow, vnetHdr: boolRow } },
  vrf: { base: { table: 10 }, rows: { table: int(1, 0xffffffff) } },
  vlan: {
    base: { parent: 'eth0', id: 5 },
    rows: { parent: linkRefRow, id: int(0, 4094), protocol: { good: ['802.1ad'], bad: [['toString', VALUE], [0x8100, TYPE]] } },
  },
  bond: {
    rows: {
      mode: { good: ['802.3ad'], bad: [['__proto__', VALUE], [4, TYPE]] }, miimon: int(0, 0x7fffffff),
      updelay: int(0, 0x7fffffff), downdelay: int(0, 0x7fffffff), minLinks: int(0, 0x7fffffff),
    },
  },
  ipvlan: {
    base: { parent: 'eth0' },
    rows: { parent: linkRefRow, mode: { good: ['l3s'], bad: [['constructor', VALUE]] }, flags: { good: ['vepa'], bad: [['hasOwnProperty', VALUE]] } },
  },
  gre: {
    rows: {
      remote: { good: ['10.0.0.2'], bad: [['2001:db8::1', VALUE]] }, local: { good: ['10.0.0.1'], bad: [['2001:db8::1', VALUE]] },
      ttl: int(0, 255), tos: int(0, 255), key: u32Row, ikey: u32Row, okey: u32Row, dev: linkRefRow,
      pmtudisc: { good: [true], bad: [[1, TYPE], [false, VALUE]], with: { ttl: 64 } }, fwmark: u32Row,
    },
  },
  geneve: {
    base: { vni: 1 },
    rows: {
      vni: int(0, 0xffffff), remote: { good: ['10.0.0.2', '2001:db8::2'], bad: [['x', VALUE]] }, ttl: int(0, 255), tos: int(0, 255),
      port: int(1, 0xffff), label: int(0, 0xfffff),
    },
  },
};
KIND_ROWS.gretap = KIND_ROWS.gre;

test.each(['tun', 'tap'])("%s: a name the kernel would number ('tun%%d') is refused", (kind) => {
  expect(() => validateLinkSpec({ kind, name: 'tn%d' })).toThrow(expect.objectContaining({ code: VALUE }));
  expect(() => validateLinkSpec({ kind: 'bridge', name: 'br%d' })).not.toThrow();
});

const TABLE: Record<string, Entry> = {
  route: {
    parse: (v) => parseRouteSpec(v as RouteSpec),
    base: { dst: '10.1.0.0/16' },
    rows: {
      dst: { good: ['default', '10.2.0.0/24', '2001:db8::/64', '10.0.0.1'], bad: [[5, TYPE], ['10.1.0.1/16', VALUE], ['constructor', VALUE]] },
      family: familyRow,
      from: { good: ['10.9.0.0/16'], bad: [['10.9.0.1/16', VALUE], [1, TYPE]] },
      via: { good: ['10.0.0.1', '2001:db8::1'], bad: [['x', VALUE], [1, TYPE], ['10.0.0.1/32', VALUE]] },
      dev: linkRefRow,
      oif: { good: [3], bad: [[0, RANGE], ['3', TYPE]] },
      table: { good: [100, 'main', '200', 0xffffffff], bad: [['nosuch', VALUE], [-1, RANGE], [true, TYPE], ['constructor', VALUE], ['__proto__', VALUE]] },
      metric: u32Row,
      src: { good: ['10.0.0.1'], bad: [['2001:db8::1', VALUE], [1, TYPE]] },
      scope: { good: ['link', 253, 'universe'], bad: [['constructor', VALUE], [256, RANGE], [true, TYPE]] },
      protocol: { good: ['static', 4], bad: [['toString', VALUE], [256, RANGE], [true, TYPE]] },
      type: { good: ['blackhole'], bad: [['constructor', VALUE], [1, TYPE]] },
      tos: int(0, 255),
      nexthops: {
        good: [[{ via: '10.0.0.1' }, { dev: 'eth0', weight: 2 }]],
        bad: [[[], VALUE], [{}, TYPE], [[{}], VALUE], [[{ via: '10.0.0.1', bogus: 1 }], VALUE],
          [Array(20000).fill({ via: '10.0.0.1' }), RANGE], [Array(5000).fill({ via: '10.0.0.1' }), RANGE]],
      },
      nhid: int(1, 0xffffffff),
      onlink: boolRow,
      mtu: u32Row,
      metrics: { good: [{ mtu: 1400, cc_algo: 'cubic' }, {}], bad: [[{ cc_algo: 'x'.repeat(1 << 20) }, RANGE], [{ constructor: 1 }, VALUE], [{ lock: 1 }, VALUE], [5, TYPE]] },
      lock: { good: [['mtu', 'hoplimit']], bad: [[['lock'], VALUE], [['constructor'], VALUE], ['mtu', TYPE]] },
      pref: { good: ['high', 'low', 'medium'], bad: [['constructor', VALUE], ['__proto__', VALUE], [1, TYPE]] },
      dstLength: int(0, 128),
      flags: flagsRow,
      raw: rawRow,
      expires: { good: [10], bad: [['x', TYPE]] },
      iif: linkRefRow,
      mark: u32Row,
      uid: u32Row,
    },
  },
  'route.metrics': {
    parse: (v) => route({ metrics: v }),
    base: {},
    rows: {
      ...Object.fromEntries(['mtu', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'advmss', 'reordering', 'hoplimit', 'initcwnd',
        'features', 'rto_min', 'initrwnd', 'quickack', 'fastopen_no_cookie'].map((k) => [k, u32Row])),
      cc_algo: { good: ['cubic', 'x'.repeat(15)], bad: [['', VALUE], ['x'.repeat(16), RANGE], [1, TYPE], ['a\0b', VALUE]] },
    },
  },
  'route.nexthops[]': {
    parse: (v) => route({ nexthops: [v] }),
    base: { via: '10.0.0.1' },
    rows: {
      via: { good: ['10.0.0.2'], bad: [['x', VALUE], [1, TYPE]] }, dev: linkRefRow, oif: { good: [2], bad: [[0, RANGE]] },
      weight: int(1, 256), onlink: boolRow, flags: flagsRow, raw: rawRow,
    },
  },
  'routes.list filter': {
    parse: (v) => routeFilterSchema.parse(v),
    base: {},
    rows: {
      table: { good: ['all', 100, 'main'], bad: [['constructor', VALUE], [-1, RANGE]] }, family: familyRow, dev: linkRefRow,
      protocol: { good: ['kernel', 2], bad: [['valueOf', VALUE]] }, type: { good: ['unicast'], bad: [['toString', VALUE]] },
    },
  },
  'routes.get options': {
    parse: (v) => routeGetSchema.parse(v),
    base: {},
    rows: {
      from: { good: ['10.0.0.1'], bad: [['x', VALUE]] }, iif: linkRefRow, oif: linkRefRow, mark: u32Row,
      uid: int(0, 0xfffffffe), tos: int(0, 255), fibMatch: boolRow,
    },
  },
  rule: {
    parse: (v) => parseRuleSpec(v as RuleSpec, 'add'),
    base: {},
    rows: {
      family: familyRow, priority: u32Row,
      from: { good: ['10.0.0.0/8'], bad: [['10.0.0.1/8', VALUE], [1, TYPE]] },
      to: { good: ['10.0.0.0/8'], bad: [['10.0.0.1/8', VALUE]] },
      table: { good: [100, 'main'], bad: [['constructor', VALUE]] },
      action: { good: ['blackhole', 'lookup'], bad: [['constructor', VALUE], ['res3', VALUE], [1, TYPE], ['goto', VALUE]] },
      goto: u32Row, fwmark: u32Row, fwmask: u32Row,
      iif: { good: ['eth0'], bad: [['a/b', VALUE], [1, TYPE]] }, oif: { good: ['eth0'], bad: [['x'.repeat(16), RANGE]] },
      tos: int(0, 255), suppressPrefixLength: int(0, 128), suppressIfgroup: int(0, 0x7fffffff),
      uidRange: { good: [{ start: 1, end: 2 }], bad: [[{ start: 2, end: 1 }, RANGE], [{ start: 1 }, TYPE], [5, TYPE], [{ start: 1, end: 2, x: 1 }, VALUE]] },
      l3mdev: boolRow, not: boolRow,
      protocol: { good: ['static'], bad: [['constructor', VALUE]] }, ipProto: int(0, 255),
      sport: { good: [80, { start: 1, end: 2 }], bad: [[70000, RANGE], [{ start: 2, end: 1 }, RANGE], ['80', TYPE]] },
      dport: { good: [443], bad: [[-1, RANGE]] },
      flags: u32Row, raw: rawRow,
    },
  },
  'rule.uidRange': {
    parse: (v) => parseRuleSpec({ uidRange: v } as unknown as RuleSpec, 'add'),
    base: { start: 0, end: 100 },
    rows: { start: { good: [5], bad: [[-1, RANGE], ['1', TYPE]] }, end: { good: [100], bad: [['x', TYPE], [0xffffffff, RANGE]] } },
  },
  'rule.sport|dport': {
    parse: (v) => parseRuleSpec({ dport: v } as unknown as RuleSpec, 'add'),
    base: { start: 0, end: 100 },
    rows: { start: { good: [5], bad: [[-1, RANGE]] }, end: { good: [65535], bad: [[65536, RANGE]] } },
    orNumber: true,
  },
  'rules.list filter': { parse: (v) => allSchemas().get('rules.list filter')!.parse(v), base: {}, rows: { family: familyRow } },
  neighbor: {
    parse: (v) => parseNeighborSpec(v as NeighborSpec, 'add'),
    base: { dev: 'eth0', address: '10.0.0.2' },
    rows: {
      dev: linkRefRow, address: { good: ['10.0.0.3', '2001:db8::3'], bad: [['x', VALUE], [1, TYPE], ['10.0.0.0/24', VALUE]] },
      lladdr: { good: [mac], bad: [['zz', VALUE]] },
      state: { good: ['noarp', 'reachable'], bad: [['constructor', VALUE], ['stat', VALUE], [0x40, TYPE]] },
      proxy: boolRow, router: boolRow, ifindex: { good: [2], bad: [[0, RANGE]] }, family: familyRow, flags: flagsRow,
      probes: u32Row, raw: rawRow,
    },
  },
  'neighbors.list filter': {
    parse: (v) => allSchemas().get('neighbors.list filter')!.parse(v), base: {}, rows: {
      dev: linkRefRow, family: familyRow, proxy: boolRow,
      nud: { good: ['all', 'permanent', 'none', ['stale', 'noarp']], bad: [[5, TYPE], ['bogus', VALUE], ['constructor', VALUE], [[], VALUE], [['all'], VALUE], [[1], TYPE]] },
    },
  },
  nexthop: {
    parse: (v) => parseNexthopSpec(v as NexthopSpec),
    base: { id: 1, via: '10.0.0.1' },
    rows: {
      id: int(1, 0xffffffff), via: { good: ['10.0.0.2'], bad: [['x', VALUE], [1, TYPE]] }, dev: linkRefRow,
      blackhole: { good: [false], bad: [[1, TYPE], [true, VALUE]] },
      group: {
        good: [[{ id: 2 }, { id: 3, weight: 2 }]],
        bad: [[[], VALUE], [{}, TYPE], [Array(20000).fill({ id: 2 }), RANGE], [[{ id: 2, x: 1 }], VALUE]],
        with: { via: undefined },
      },
      groupType: { good: ['resilient'], bad: [['constructor', VALUE], [1, TYPE]], with: { via: undefined, group: [{ id: 2 }] } },
      onlink: boolRow, family: { good: [4], bad: [[5, VALUE]] }, protocol: { good: ['static'], bad: [['constructor', VALUE]] }, fdb: boolRow,
    },
  },
  'nexthop.group[]': {
    parse: (v) => parseNexthopSpec({ id: 1, group: [v] } as unknown as NexthopSpec),
    base: { id: 2 },
    rows: { id: int(1, 0xffffffff), weight: int(1, 256) },
  },
  'nexthops.list filter': {
    parse: (v) => allSchemas().get('nexthops.list filter')!.parse(v), base: {}, rows: { dev: linkRefRow, groups: boolRow },
  },
  fdb: {
    parse: (v) => parseFdbSpec(v as FdbSpec),
    base: { lladdr: mac, dev: 'eth0' },
    rows: {
      lladdr: { good: [mac], bad: [['zz', VALUE], [1, TYPE]] }, dev: linkRefRow, master: boolRow, self: boolRow,
      state: { good: ['static', 'dynamic'], bad: [['constructor', VALUE], ['noarp', VALUE]] },
      vlan: int(1, 4094), dst: { good: ['10.0.0.2'], bad: [['x', VALUE]] }, vni: int(0, 0xffffff), port: int(1, 65535),
      sticky: boolRow, externLearn: boolRow,
    },
  },
  'firewall.delete table': {
    parse: (v) => allSchemas().get('firewall.delete table')!.parse(v), base: { family: 'inet', table: 't' }, rows: {
      family: { good: ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'], bad: [['ipv4', VALUE], ['constructor', VALUE], [4, TYPE]] },
      table: { good: ['t', 'x'.repeat(255)], bad: [['', VALUE], ['x'.repeat(256), RANGE], ['a\0', VALUE], [5, TYPE]] },
    },
  },
  'fdb.list filter': { parse: (v) => allSchemas().get('fdb.list filter')!.parse(v), base: {}, rows: { dev: linkRefRow, master: linkRefRow } },
  ...tcFilterRows(),
  bridgeVlan: {
    parse: (v) => parseBridgeVlanSpec(v as BridgeVlanSpec),
    base: { dev: 'eth0', vid: 10 },
    rows: {
      dev: linkRefRow, vid: int(1, 4094), vidEnd: { good: [11, 4094], bad: [[10, RANGE], [4095, RANGE], ['11', TYPE]] },
      pvid: boolRow, untagged: boolRow, master: boolRow, self: boolRow,
    },
  },
  'bridgeVlans.list filter': {
    parse: (v) => allSchemas().get('bridgeVlans.list filter')!.parse(v), base: {}, rows: { dev: linkRefRow, vid: int(1, 4094) },
  },
  'links.set changes.bridge': {
    parse: (v) => validateLinkChanges({ bridge: v }),
    base: {},
    rows: {
      stp: boolRow, forwardDelay: int(200, 3000), helloTime: int(100, 1000), maxAge: int(600, 4000), ageingTime: u32Row,
      priority: int(0, 0xffff), vlanFiltering: boolRow, vlanDefaultPvid: int(0, 4094), mcastSnooping: boolRow,
    },
  },
  'addresses.add options': {
    parse: (v) => validateAddressOptions(v, parsePrefix('10.0.0.1/24'), 'eth0'),
    base: {},
    rows: {
      broadcast: { good: [true, '10.0.0.255'], bad: [['x', VALUE], [1, TYPE], ['10.0.0.255/24', VALUE], ['2001:db8::1', VALUE]] },
      label: { good: ['eth0:1'], bad: [['eth0:' + 'x'.repeat(11), RANGE], ['other', VALUE], ['', VALUE], [1, TYPE]] },
      scope: { good: ['link', 'host'], bad: [['constructor', VALUE], [256, RANGE]] },
      noprefixroute: boolRow,
      nodad: { good: [false], bad: [[1, TYPE], [true, VALUE]] },
      validLifetime: { good: ['forever', 100], bad: [['never', TYPE], [-1, RANGE]], with: { preferredLifetime: 0 } },
      preferredLifetime: { good: [0, 50], bad: [['never', TYPE], [100, VALUE], ['forever', VALUE]], with: { validLifetime: 50 } },
      metric: u32Row,
    },
  },
  'addresses.list filter': {
    parse: (v) => allSchemas().get('addresses.list filter')!.parse(v), base: {}, rows: { link: linkRefRow, family: familyRow },
  },
  'links.set changes': {
    parse: (v) => validateLinkChanges(v),
    base: {},
    rows: {
      up: boolRow, mtu: { good: [1280], bad: [[1, RANGE], ['x', TYPE]] }, name: { good: ['v2'], bad: [['x'.repeat(16), RANGE], ['a:b', VALUE]] },
      address: { good: [mac], bad: [['zz', VALUE]] }, txqueuelen: u32Row,
      master: { good: [null, 'br0', 4], bad: [['a/b', VALUE], [{}, TYPE]] },
      bridge: { good: [{}, { vlanFiltering: true }], bad: [[5, TYPE], [{ vlanDefaultPvid: 4095 }, RANGE], [{ kind: 'bridge' }, VALUE]] },
      namespace: { good: [here], bad: [[{}, TYPE], ['ns', TYPE], [Object.create(Namespace.prototype), TYPE]] },
      alias: { good: [null, '', 'x'.repeat(255)], bad: [['x'.repeat(256), RANGE], ['x'.repeat(70000), RANGE], ['a\0b', VALUE], [1, TYPE]] },
      port: { good: [{}, { hairpin: true }], bad: [['on', TYPE], [{ cost: 0 }, RANGE], [{ hairpin: 1 }, TYPE]] },
      promisc: boolRow, allmulti: boolRow, arp: boolRow, multicast: boolRow, carrier: boolRow,
    },
  },
  'links.set changes.port': {
    parse: (v) => validateLinkChanges({ port: v }),
    base: {},
    rows: {
      hairpin: boolRow, learning: boolRow, flood: boolRow, mcastFlood: boolRow, isolated: boolRow, neighSuppress: boolRow, guard: boolRow,
      cost: int(1, 65535), priority: int(0, 63),
      state: { good: ['disabled', 'blocking', 0, 4], bad: [[5, RANGE], [-1, RANGE], ['up', VALUE], ['constructor', VALUE], [true, TYPE]] },
    },
  },
  'links.list filter': {
    parse: (v) => linkFilterSchema.parse(v),
    base: {},
    rows: { kind: { good: ['veth'], bad: [['x'.repeat(70000), RANGE], [1, TYPE], ['', VALUE]] }, master: linkRefRow },
  },
  'spec.peer': {
    parse: (v) => validateLinkSpec({ kind: 'veth', name: 'v0', peer: v }),
    base: {},
    rows: {
      name: { good: ['p0'], bad: [['x'.repeat(16), RANGE]] }, namespace: { good: [here], bad: [[{}, TYPE]] },
      mtu: { good: [1500], bad: [[1, RANGE]] }, address: { good: [mac], bad: [['zz', VALUE]] }, txqueuelen: u32Row,
    },
  },
  'spec.data[]': {
    parse: (v) => validateLinkSpec({ kind: 'macvtap', name: 'm0', data: [v] }),
    base: { type: 1, value: Buffer.alloc(1) },
    rows: {
      type: { good: [1, 0x3fff], bad: [[0, RANGE], [0x4000, RANGE], ['1', TYPE]] },
      value: { good: [Buffer.alloc(2), new Uint8Array(3), [{ type: 2, value: Buffer.alloc(1) }]], bad: [['x', TYPE], [Buffer.alloc(70000), RANGE], [[{ type: 2 }], TYPE]] },
    },
  },
  'monitor options': {
    parse: (v) => monitorOptionsSchema.parse(v),
    base: {},
    rows: {
      groups: { good: [['link'], ['nsid', 'nexthop']], bad: [[['constructor'], VALUE], [['__proto__'], VALUE], [[], VALUE], ['link', TYPE]] },
      highWaterMark: int(1, 2 ** 31 - 1), receiveBuffer: int(1024, 2 ** 30),
    },
  },
  'listen options': {
    parse: (v) => listenOptionsSchema.parse(v),
    base: {},
    rows: { port: int(0, 65535), host: { good: ['::', '10.0.0.1'], bad: [['localhost', VALUE], [1, TYPE]] }, backlog: int(1, 0x7fffffff), ipv6Only: boolRow, device: deviceRow },
  },
  'connect options': {
    parse: (v) => connectOptionsSchema.parse(v),
    base: { port: 80, host: '10.0.0.1' },
    rows: { port: int(1, 65535), host: { good: ['::1'], bad: [['example.com', VALUE]] }, localAddress: { good: ['10.0.0.2'], bad: [[1, TYPE]] }, device: deviceRow },
  },
  'createSocket options': {
    parse: (v) => udpOptionsSchema.parse(v),
    base: {},
    rows: { address: { good: ['0.0.0.0'], bad: [['x', VALUE]] }, port: int(0, 65535), ipv6Only: boolRow, device: deviceRow },
  },
  'batch options': { parse: (v) => batchOptionsSchema.parse(v), base: {}, rows: { atomic: boolRow, compact: boolRow } },
};

for (const [kind, { base, rows }] of Object.entries(KIND_ROWS)) {
  TABLE[`links.add spec (${kind})`] = {
    parse: (v) => validateLinkSpec(v), base: { kind, name: 'v0', ...base }, rows: { ...commonLinkRows(kind), ...rows },
  };
}
TABLE['links.add spec ((any other), raw)'] = {
  parse: (v) => validateLinkSpec(v),
  base: { kind: 'macvtap', name: 'm0' },
  rows: {
    ...commonLinkRows('macvtap'),
    parent: linkRefRow,
    data: {
      good: [[{ type: 1, value: Buffer.alloc(4) }], { 1: Buffer.alloc(2) }, []],
      bad: [[[{ type: 1, value: Buffer.alloc(70000) }], RANGE], [Array(20).fill({ type: 1, value: Buffer.alloc(4000) }), RANGE],
        [{ x: Buffer.alloc(1) }, VALUE], [{ 1: 'x' }, TYPE], [5, TYPE]],
    },
  },
};

// Namespace.create/attach options and spawn/exec options (Node's own fields checked as Node does).
TABLE['Namespace.create options'] = {
  parse: (v) => createOptionsSchema.parse(v, 'options'), base: {},
  rows: { runDir: { good: ['/run/netns', '/tmp/ns'], bad: [[5, TYPE], ['', VALUE], ['/tmp/a\0b', VALUE]] }, pin: boolRow },
};
TABLE['Namespace.open options'] = { parse: (v) => openOptionsSchema.parse(v, 'options'), base: {}, rows: { pin: boolRow } };
const processRows: Record<string, Row> = {
  cwd: { good: ['/tmp', new URL('file:///tmp')], bad: [[5, TYPE]] },
  env: { good: [{ A: '1' }, {}], bad: [[5, TYPE], [[], TYPE]] },
  detached: boolRow,
  windowsHide: boolRow,
  timeout: { good: [0, 1000], bad: [[-1, RANGE], [1.5, RANGE], ['1', TYPE]] },
  killSignal: { good: ['SIGKILL', 9], bad: [['SIGNOPE', 'ERR_UNKNOWN_SIGNAL'], ['constructor', 'ERR_UNKNOWN_SIGNAL'], [true, 'ERR_UNKNOWN_SIGNAL']] },
  signal: { good: [new AbortController().signal], bad: [[{}, TYPE]] },
  argv0: { good: ['x'], bad: [[5, TYPE], ['a\0b', VALUE]] },
  uid: int(0, 0xfffffffe),
  gid: int(0, 0xfffffffe),
  vrf: deviceRow,
};
TABLE['spawn options'] = {
  parse: (v) => readSpawnOptions(v, 'true'), base: {},
  rows: {
    ...processRows,
    stdio: { good: ['pipe', ['pipe', 'inherit', 'ignore']], bad: [[5, TYPE]] },
    serialization: { good: ['json', 'advanced'], bad: [['xml', VALUE], ['constructor', VALUE], [1, TYPE]] },
  },
};
TABLE['exec options'] = {
  parse: (v) => readExecOptions(v, 'true'), base: {},
  rows: {
    ...processRows,
    input: { good: ['x', Buffer.from('x')], bad: [[5, TYPE]] },
    maxBuffer: { good: [0, Infinity], bad: [['1', TYPE], [-1, VALUE], [NaN, VALUE]] },
    encoding: { good: ['buffer', 'latin1'], bad: [[5, TYPE], ['nope', VALUE], ['constructor', VALUE]] },
  },
};
Object.assign(TABLE, tcRows, firewallRows);

const cases: Array<[string, string, unknown, string | null, Record<string, unknown>]> = [];
for (const [id, entry] of Object.entries(TABLE)) {
  for (const [field, row] of Object.entries(entry.rows)) {
    for (const good of row.good) cases.push([id, field, good, null, row.with ?? {}]);
    for (const [bad, code] of row.bad) cases.push([id, field, bad, code, row.with ?? {}]);
  }
}

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[${v.length} items]` : String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

test.each(cases.map(([id, field, value, code, extra]) => [`${id}: ${field} = ${show(value)} -> ${code ?? 'ok'}`, id, field, value, code, extra] as const))(
  '%s', (_label, id, field, value, code, extra) => {
    const entry = TABLE[id];
    const arg = { ...entry.base, ...extra, [field]: value };
    if (code === null) expect(() => entry.parse(arg)).not.toThrow();
    else expect(() => entry.parse(arg)).toThrow(expect.objectContaining({ code }));
  });

describe.each(Object.keys(TABLE))('%s', (id) => {
  const entry = TABLE[id];
  test('the base value is accepted', () => {
    expect(() => entry.parse({ ...entry.base })).not.toThrow();
  });
  test('an unknown field is refused, an unknown field set to undefined is not', () => {
    expect(() => entry.parse({ ...entry.base, tabel: 100 })).toThrow(expect.objectContaining({ code: VALUE }));
    expect(() => entry.parse({ ...entry.base, tabel: undefined })).not.toThrow();
  });
  test.each([null, 5, 'x', [], new Date(0), new Map(), () => 1])('not a plain object: %p', (bad) => {
    if (entry.orNumber && typeof bad === 'number') return;
    expect(() => entry.parse(bad)).toThrow(expect.objectContaining({ code: TYPE }));
  });
  test('a null-prototype object is accepted', () => {
    expect(() => entry.parse(Object.assign(Object.create(null), entry.base))).not.toThrow();
  });
  test('prototype member names are unknown fields', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(() => entry.parse({ ...entry.base, [key]: 1 })).toThrow(expect.objectContaining({ code: VALUE }));
    }
    const own = JSON.parse(`{"__proto__": {"x": 1}}`);
    expect(() => entry.parse({ ...entry.base, ...own })).toThrow(expect.objectContaining({ code: VALUE }));
  });
});

test('a polluted Object.prototype adds no field to any schema', () => {
  const keys = new Set<string>();
  for (const schema of allSchemas().values()) for (const k of schema.fields.keys()) keys.add(k);
  const proto = Object.prototype as Record<string, unknown>;
  try {
    for (const k of keys) proto[k] = 'polluted';
    for (const entry of Object.values(TABLE)) {
      expect(() => entry.parse({ ...entry.base })).not.toThrow();
    }
    // The checked copy inherits nothing: an absent field reads undefined.
    const copy = allSchemas().get('links.set changes')!.parse({ mtu: 1400 });
    expect(copy.namespace).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['mtu']);
  } finally {
    for (const k of keys) delete proto[k];
  }
});

test('the checked copy is a copy: later changes to the argument change nothing', () => {
  const spec = { kind: 'veth', name: 'v0', peer: { name: 'p0' } };
  const { spec: copy } = validateLinkSpec(spec);
  spec.name = 'other';
  spec.peer.name = 'other';
  expect(copy.name).toBe('v0');
  expect((copy.peer as Record<string, unknown>).name).toBe('p0');
  // Nothing inherited: its prototype is an empty, frozen object without a prototype.
  expect('toString' in copy).toBe(false);
  expect(Reflect.ownKeys(Object.getPrototypeOf(copy))).toEqual([]);
  expect(Object.getPrototypeOf(Object.getPrototypeOf(copy))).toBeNull();
  // A copy given again (a batch hands its copies to the methods) is taken as it is.
  expect(validateLinkSpec(copy).spec).toBe(copy);
  const data = Buffer.from([1, 2]);
  const { spec: raw } = validateLinkSpec({ kind: 'macvtap', name: 'm0', data: [{ type: 1, value: data }] });
  data[0] = 9;
  expect(((raw.data as Array<Record<string, unknown>>)[0].value as Buffer)[0]).toBe(1);
});

test('every field of every schema has a row in this table', () => {
  linkSpecSchemas();  // made on first use: make them all
  expect(allSchemas().get('links.set changes')).toBe(linkChangesSchema);
  const missing: string[] = [];
  for (const [id, schema] of allSchemas()) {
    const entry = TABLE[id];
    if (!entry) { missing.push(`${id} (the whole schema)`); continue; }
    for (const field of schema.fields.keys()) {
      const row = entry.rows[field];
      if (!row || row.good.length === 0 || row.bad.length === 0) missing.push(`${id}: ${field}`);
    }
  }
  expect(missing).toEqual([]);
});

/** ns.tc.filters: the filter kinds, the delete and list filters, the actions and u32's matches. */
function tcFilterRows(): Record<string, Entry> {
  const schema = (id: string) => (v: unknown) => allSchemas().get(id)!.parse(v);
  const verdict: Row = { good: ['pass', 'drop', 'continue'], bad: [['explode', VALUE], ['constructor', VALUE], [2, TYPE]] };
  const kind = (k: string): Row => ({ good: [k], bad: [['flower', VALUE], [1, TYPE]] });
  const handle: Row = { good: ['1:10', 0x10010], bad: [['1:x', VALUE], [{}, TYPE], [-1, RANGE]] };
  const size: Row = { good: ['10k', 1500], bad: [['big', VALUE], [-1, RANGE], [{}, TYPE]] };
  const target: Record<string, Row> = {
    dev: linkRefRow,
    parent: { good: ['ffff:', 'ingress', 'egress', '1:10', 5], bad: [['up', VALUE], [-1, RANGE], [{}, TYPE]] },
    protocol: { good: ['ip', 'all', 0x8100], bad: [['constructor', VALUE], [0x10000, RANGE], [{}, TYPE]] },
    prio: int(0, 0xffff),
    handle: { good: ['800::800', '0x1', 1], bad: [['1000::', RANGE], ['x', VALUE], [{}, TYPE], [-1, RANGE]] },
  };
  const actions: Row = {
    good: [[], [{ kind: 'gact', action: 'pass' }, { kind: 'mirred', action: 'egress redirect', dev: 'ifb0' }]],
    bad: [['x', TYPE], [[{ kind: 'nat' }], VALUE], [[5], TYPE], [Array(33).fill({ kind: 'gact', action: 'pass' }), RANGE]],
  };
  const prefix: Row = { good: ['10.0.0.0/24', '0.0.0.0/0'], bad: [['2001:db8::/64', VALUE], ['x', VALUE], [1, TYPE]] };
  return {
    'tc filter u32': {
      parse: (v) => parseFilterSpec(v), base: { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [{ u32: 0, mask: 0, at: 0 }] },
      rows: {
        ...target, kind: kind('u32'), classid: handle, actions,
        match: { good: [[{ src: '10.0.0.0/24' }, { dport: 80 }]], bad: [[[], VALUE], ['x', TYPE], [[{ proto: 6 }], VALUE], [[5], TYPE]] },
      },
    },
    'tc filter matchall': {
      parse: (v) => parseFilterSpec(v), base: { dev: 'v0', parent: 'ffff:', kind: 'matchall' }, rows: { ...target, kind: kind('matchall'), classid: handle, actions },
    },
    'tc filter bpf': {
      parse: (v) => parseFilterSpec(v), base: { dev: 'v0', parent: 'ingress', kind: 'bpf', fd: 3 },
      rows: {
        ...target, kind: kind('bpf'), classid: handle, actions, fd: int(0, 0x7fffffff),
        name: { good: ['x.o:[classifier]'], bad: [[1, TYPE], ['a\0b', VALUE], ['x'.repeat(256), RANGE]] }, directAction: boolRow,
      },
    },
    'tc.filters.delete filter': {
      parse: (v) => parseFilterDelete(v), base: { dev: 'v0', parent: 'ffff:' },
      rows: { ...target, kind: { good: ['u32'], bad: [['', VALUE], [1, TYPE], ['x'.repeat(16), RANGE]] } },
    },
    'tc.filters.list filter': { parse: schema('tc.filters.list filter'), base: { dev: 'v0' }, rows: { dev: linkRefRow, parent: target.parent } },
    'tc action mirred': {
      parse: schema('tc action mirred'), base: { kind: 'mirred', action: 'egress redirect', dev: 'ifb0' },
      rows: {
        kind: { good: ['mirred'], bad: [['police', VALUE], [1, TYPE]] }, dev: linkRefRow, verdict,
        action: { good: ['ingress mirror'], bad: [['redirect', VALUE], [1, TYPE]] },
      },
    },
    'tc action police': {
      parse: schema('tc action police'), base: { kind: 'police', rate: '1mbit', burst: '10k' },
      rows: {
        kind: { good: ['police'], bad: [['gact', VALUE], [1, TYPE]] }, burst: size, mtu: size, exceed: verdict, conform: verdict,
        rate: { good: ['1mbit', 8000], bad: [['fast', VALUE], [0, RANGE], [-1, RANGE], [{}, TYPE]] },
      },
    },
    'tc action gact': {
      parse: schema('tc action gact'), base: { kind: 'gact', action: 'drop' },
      rows: { kind: { good: ['gact'], bad: [['mirred', VALUE], [1, TYPE]] }, action: verdict },
    },
    'u32 match src': { parse: schema('u32 match src'), base: { src: '10.0.0.0/24' }, rows: { src: prefix } },
    'u32 match dst': { parse: schema('u32 match dst'), base: { dst: '10.0.0.0/24' }, rows: { dst: prefix } },
    'u32 match sport': { parse: schema('u32 match sport'), base: { sport: 80 }, rows: { sport: int(0, 0xffff), mask: int(0, 0xffff) } },
    'u32 match dport': { parse: schema('u32 match dport'), base: { dport: 80 }, rows: { dport: int(0, 0xffff), mask: int(0, 0xffff) } },
    'u32 match u32': {
      parse: schema('u32 match u32'), base: { u32: 0, mask: 0, at: 0 }, rows: { u32: u32Row, mask: u32Row, at: int(0, 0x7ffffffc) },
    },
  };
}
