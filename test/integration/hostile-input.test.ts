// Hostile input against every collection, each case checked against the kernel's state through
// iproute2 (ip -j, bridge -j), not only through the error: a polluted Object.prototype, names of
// Object.prototype members as enum values, unknown fields, values too large for netlink, and spec
// objects changed after the call.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { Namespace } from '../../lib';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';

const execFileP = promisify(execFile);
const TYPE = 'ERR_INVALID_ARG_TYPE';
const VALUE = 'ERR_INVALID_ARG_VALUE';
const RANGE = 'ERR_OUT_OF_RANGE';

const code = (c: string): Error => expect.objectContaining({ code: c });

async function bridgeJson(ns: Namespace, args: string[]): Promise<any[]> {
  const { stdout } = await execFileP('bridge', ['-n', nameOf(ns), '-j', ...args]);
  return stdout.trim() ? JSON.parse(stdout) : [];
}

/** ns: br0 (up), v1/v1p and v3/v3p veth pairs up, v3 a port of br0, 10.8.0.1/24 on v1 unless bare. */
async function setUp(ns: Namespace, bare = false): Promise<void> {
  await ip(ns, ['link', 'add', 'br0', 'type', 'bridge']);
  await ip(ns, ['link', 'add', 'v1', 'type', 'veth', 'peer', 'name', 'v1p']);
  await ip(ns, ['link', 'add', 'v3', 'type', 'veth', 'peer', 'name', 'v3p']);
  await ip(ns, ['link', 'set', 'v3', 'master', 'br0']);
  for (const dev of ['br0', 'v1', 'v1p', 'v3', 'v3p']) await ip(ns, ['link', 'set', dev, 'up']);
  if (!bare) await ip(ns, ['addr', 'add', '10.8.0.1/24', 'dev', 'v1']);
}

/**
 * Values a careless module might put on Object.prototype, under the names of spec, option and
 * filter fields (and of the header fields the encoders fill). Non-enumerable, so that only reads
 * of inherited properties see them; set for the duration of one library call.
 */
function pollution(other: Namespace): Record<string, unknown> {
  return {
    namespace: other, table: 100, up: false, master: 'br0', name: 'evil0', mtu: 9000, alias: 'polluted',
    address: '02:00:00:00:00:99', txqueuelen: 7, index: 99, family: 6, type: 'blackhole', scope: 'host',
    protocol: 'static', metric: 77, pref: 'high', tos: 8, onlink: true, src: '10.8.0.1', via: '10.8.0.254',
    dev: 'br0', oif: 3, nhid: 5, lock: ['mtu'], metrics: { mtu: 1000 }, nexthops: [{ via: '10.8.0.253' }],
    from: '10.7.0.0/16', label: 'v1:evil', noprefixroute: true, validLifetime: 100, preferredLifetime: 50,
    broadcast: true, state: 'noarp', proxy: true, router: true, lladdr: '02:00:00:00:00:98', vlan: 5,
    sticky: true, self: true, dst: '10.9.9.9', vni: 7, port: 99, externLearn: true, blackhole: true,
    fdb: true, group: [{ id: 99 }], groupType: 'resilient', id: 99, fwmark: 5, fwmask: 0xff, iif: 'evil0',
    goto: 5, suppressPrefixLength: 3, l3mdev: true, not: true, ipProto: 6, sport: 80, dport: 81,
    uidRange: { start: 1, end: 2 }, priority: 5, peer: { name: 'evil1', namespace: other }, kind: 'bridge',
    flags: 0x300, change: 0xffffffff, data: [{ type: 1, value: Buffer.alloc(4) }], parent: 'br0',
    // hooks of link kinds that most kinds do not have
    create: () => Promise.reject(new Error('a polluted create hook ran')),
    encodeTop: () => { throw new Error('a polluted encodeTop hook ran'); },
  };
}

async function whilePolluted<T>(values: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const proto = Object.prototype as Record<string, unknown>;
  const keys = Object.keys(values).filter((k) => !Object.hasOwn(proto, k));
  for (const k of keys) Object.defineProperty(proto, k, { value: values[k], configurable: true, writable: true, enumerable: false });
  try {
    return await fn();
  } finally {
    for (const k of keys) delete proto[k];
  }
}

const onlyLo = async (ns: Namespace): Promise<void> => {
  expect((await ipJson(['-n', nameOf(ns), 'link', 'show'])).map((l: any) => l.ifname)).toEqual(['lo']);
};

describe('a polluted Object.prototype changes nothing that is done', () => {
  test('links.set and links.add', async () => {
    await withNamespaces(2, async (a, b) => {
      await setUp(a);
      await whilePolluted(pollution(b), () => a.links.set('v1', { mtu: 1400 }));
      const [v1] = await ipJson(['-n', nameOf(a), '-d', 'link', 'show', 'v1']);
      expect(v1).toMatchObject({ ifname: 'v1', mtu: 1400, txqlen: 1000 });
      expect(v1.master).toBeUndefined();
      expect(v1.ifalias).toBeUndefined();
      expect(v1.flags).toContain('UP');
      const link = await whilePolluted(pollution(b), () => a.links.add({ kind: 'veth', name: 'v2' }));
      expect(link).toMatchObject({ name: 'v2', kind: 'veth', mtu: 1500 });
      const [v2] = await ipJson(['-n', nameOf(a), '-d', 'link', 'show', 'v2']);
      expect(v2).toMatchObject({ ifname: 'v2', mtu: 1500, linkinfo: { info_kind: 'veth' } });
      expect(v2.master).toBeUndefined();
      const names = (await ipJson(['-n', nameOf(a), 'link', 'show'])).map((l: any) => l.ifname);
      expect(names).not.toContain('evil0');
      expect(names).not.toContain('evil1');
      await onlyLo(b);
      // Listing with a polluted prototype lists what a clean one does.
      const clean = (await a.links.list()).map((l) => l.name);
      expect((await whilePolluted(pollution(b), () => a.links.list())).map((l) => l.name)).toEqual(clean);
    });
  });

  test('addresses and routes', async () => {
    await withNamespaces(2, async (a, b) => {
      await setUp(a, true);
      await whilePolluted(pollution(b), () => a.addresses.add('v1', '10.8.0.1/24'));
      const [info] = await ipJson(['-n', nameOf(a), 'addr', 'show', 'dev', 'v1']);
      const v4 = info.addr_info.filter((x: any) => x.family === 'inet');
      expect(v4).toEqual([expect.objectContaining({ local: '10.8.0.1', prefixlen: 24, scope: 'global', label: 'v1', valid_life_time: 4294967295 })]);
      expect(v4[0].noprefixroute).toBeUndefined();
      expect(v4[0].broadcast).toBeUndefined();
      await whilePolluted(pollution(b), () => a.routes.add({ dst: '10.9.0.0/24', via: '10.8.0.2' }));
      const all = await ipJson(['-n', nameOf(a), 'route', 'show', 'table', 'all']);
      const added = all.filter((r: any) => r.dst === '10.9.0.0/24');
      // protocol boot (the default) is not shown: a polluted protocol, metric or table would be.
      expect(added).toEqual([{ dst: '10.9.0.0/24', gateway: '10.8.0.2', dev: 'v1', flags: [] }]);
      expect(all.filter((r: any) => r.table === '100')).toEqual([]);
      expect(await ipJson(['-n', nameOf(a), '-6', 'route', 'show', 'table', 'all'])).not.toContainEqual(expect.objectContaining({ type: 'blackhole' }));
      // Filters: a polluted table/family/dev/type picks nothing.
      const clean = (await a.routes.list()).map((r) => r.dst);
      expect(clean).toContain('10.9.0.0/24');
      expect((await whilePolluted(pollution(b), () => a.routes.list())).map((r) => r.dst)).toEqual(clean);
      expect((await whilePolluted(pollution(b), () => a.addresses.list())).length).toBe((await a.addresses.list()).length);
      await onlyLo(b);
    });
  });

  test('rules, neighbours, nexthops and fdb', async () => {
    await withNamespaces(2, async (a, b) => {
      await setUp(a);
      await whilePolluted(pollution(b), () => a.rules.add({ priority: 1000, table: 200 }));
      const rule = (await ipJson(['-n', nameOf(a), 'rule', 'show'])).find((r: any) => r.priority === 1000);
      expect(rule).toEqual({ priority: 1000, src: 'all', table: '200' });

      await whilePolluted(pollution(b), () => a.neighbors.add({ dev: 'v1', address: '10.8.0.3', lladdr: '02:00:00:00:00:03' }));
      const neigh = (await ipJson(['-n', nameOf(a), 'neigh', 'show', 'dev', 'v1'])).find((n: any) => n.dst === '10.8.0.3');
      expect(neigh).toMatchObject({ lladdr: '02:00:00:00:00:03', state: ['PERMANENT'] });
      expect(neigh.router).toBeUndefined();
      expect(await ipJson(['-n', nameOf(a), 'neigh', 'show', 'proxy'])).toEqual([]);

      await whilePolluted(pollution(b), () => a.nexthops.add({ id: 10, via: '10.8.0.2', dev: 'v1' }));
      expect(await ipJson(['-n', nameOf(a), 'nexthop', 'show'])).toEqual([
        expect.objectContaining({ id: 10, gateway: '10.8.0.2', dev: 'v1', flags: [] }),
      ]);
      const [nh] = await ipJson(['-n', nameOf(a), 'nexthop', 'show']);
      expect(nh.blackhole).toBeUndefined();
      expect(nh.fdb).toBeUndefined();

      await whilePolluted(pollution(b), () => a.fdb.add({ lladdr: '02:00:00:00:00:04', dev: 'v3', master: true }));
      const entry = (await bridgeJson(a, ['fdb', 'show', 'dev', 'v3'])).find((e) => e.mac === '02:00:00:00:00:04');
      expect(entry).toMatchObject({ master: 'br0', state: 'permanent' });
      expect(entry.vlan).toBeUndefined();
      expect(entry.flags).toEqual([]);
      // A request that sets no flags of its own (GETNSID) stays a plain request: flags is polluted.
      const nsid = await whilePolluted(pollution(b), () => a.id(b));
      expect(await ipJson(['-n', nameOf(a), 'netns', 'list-id'])).toContainEqual(expect.objectContaining({ nsid }));
      // Lists with a polluted prototype list what clean ones do.
      const lists = (): Promise<unknown[]> => Promise.all([a.rules.list(), a.neighbors.list(), a.nexthops.list(), a.fdb.list()]);
      expect(await whilePolluted(pollution(b), lists)).toEqual(await lists());
      await onlyLo(b);
    });
  });
  test('listen and createSocket', async () => {
    await withNamespaces(2, async (a, b) => {
      await setUp(a);
      const values = { ...pollution(b), host: '10.8.0.1', port: 99, backlog: 1, ipv6Only: true };
      const server = await whilePolluted(values, () => a.listen());
      const udp = await whilePolluted(values, () => a.createSocket('udp4'));
      try {
        const tcpPort = (server.address() as { port: number }).port;
        const udpPort = udp.address().port;
        expect(tcpPort).not.toBe(99);
        expect(udpPort).not.toBe(99);
        // Bound to every address (::, IPv4 too), not to the polluted host.
        const { stdout: tcp } = await execFileP('ip', ['netns', 'exec', nameOf(a), 'ss', '-Htln']);
        expect(tcp.trim().split(/\s+/)[3]).toBe(`*:${tcpPort}`);
        const { stdout: u } = await execFileP('ip', ['netns', 'exec', nameOf(a), 'ss', '-Huln']);
        expect(u.trim().split(/\s+/)[3]).toBe(`0.0.0.0:${udpPort}`);
      } finally {
        await new Promise((resolve) => server.close(resolve));
        await new Promise<void>((resolve) => udp.close(() => resolve()));
      }
    });
  });
});

describe('handles made while Object.prototype is polluted, and replies read under it', () => {
  // Names of internal fields: a request's decodeError, a handle's path, runDir and name, an
  // extended ack's message.
  const internals = {
    decodeError: new Error('a polluted decodeError'), path: '/run/netns/polluted', runDir: '/tmp/polluted',
    message: 'a polluted message', name: 'polluted0',
  };

  test('dumps return what they return clean, and acked requests resolve', async () => {
    await withNamespaces(1, async (a) => {
      await setUp(a);
      const clean = (await a.links.list()).map((l) => l.name);
      const listed = await whilePolluted(internals, () => a.links.list());
      expect(listed.map((l) => l.name)).toEqual(clean);
      await whilePolluted(internals, () => a.links.set('v1', { mtu: 1300 }));
      const [v1] = await ipJson(['-n', nameOf(a), 'link', 'show', 'v1']);
      expect(v1.mtu).toBe(1300);
    });
  });

  test('an anonymous handle and current() get no name, path or run directory from it', async () => {
    const [anon, current] = await whilePolluted(internals, async () => [await Namespace.create(), Namespace.current()]);
    try {
      for (const h of [anon, current]) {
        expect(h.name).toBeUndefined();
        expect(h.path).toBe(`/proc/${process.pid}/fd/${h.fd}`);
        // The path really opens this namespace: /proc says so, not the handle.
        expect(fs.readlinkSync(h.path)).toBe(`net:[${h.inode}]`);
        expect(String(h)).toBe(`Namespace(${h.path})`);
      }
    } finally {
      anon.close();
    }
  });
});

describe('names of Object.prototype members are not enum values', () => {
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('%s', async (bad) => {
    await withNamespaces(1, async (a) => {
      await setUp(a);
      await expect(a.routes.add({ dst: '2001:db8:9::/64', dev: 'v1', pref: bad as 'high' })).rejects.toThrow(code(VALUE));
      await expect(a.routes.add({ dst: '10.9.0.0/24', dev: 'v1', type: bad as 'unicast' })).rejects.toThrow(code(VALUE));
      await expect(a.routes.add({ dst: '10.9.0.0/24', dev: 'v1', table: bad })).rejects.toThrow(code(VALUE));
      await expect(a.routes.add({ dst: '10.9.0.0/24', dev: 'v1', scope: bad })).rejects.toThrow(code(VALUE));
      await expect(a.routes.add({ dst: '10.9.0.0/24', dev: 'v1', lock: [bad] })).rejects.toThrow(code(VALUE));
      await expect(a.routes.add({ dst: '10.9.0.0/24', dev: 'v1', metrics: { [bad]: 1 } })).rejects.toThrow(code(VALUE));
      await expect(a.rules.add({ priority: 1000, action: bad as 'nop' })).rejects.toThrow(code(VALUE));
      await expect(a.neighbors.add({ dev: 'v1', address: '10.8.0.3', lladdr: '02:00:00:00:00:03', state: bad as 'noarp' })).rejects.toThrow(code(VALUE));
      await expect(a.fdb.add({ lladdr: '02:00:00:00:00:04', dev: 'v3', master: true, state: bad as 'static' })).rejects.toThrow(code(VALUE));
      await expect(a.nexthops.add({ id: 1, group: [{ id: 2 }], groupType: bad as 'mpath' })).rejects.toThrow(code(VALUE));
      await expect(a.links.add({ kind: 'bond', name: 'bd0', mode: bad as '802.3ad' })).rejects.toThrow(code(VALUE));
      expect(() => a.monitor({ groups: [bad as 'link'] })).toThrow(code(VALUE));
      const routes = [...await ipJson(['-n', nameOf(a), 'route', 'show', 'table', 'all']), ...await ipJson(['-n', nameOf(a), '-6', 'route', 'show', 'table', 'all'])];
      expect(routes.filter((r: any) => r.dst === '10.9.0.0/24' || r.dst === '2001:db8:9::/64')).toEqual([]);
      expect((await ipJson(['-n', nameOf(a), 'rule', 'show'])).map((r: any) => r.priority)).not.toContain(1000);
      expect(await ipJson(['-n', nameOf(a), 'neigh', 'show', 'dev', 'v1'])).not.toContainEqual(expect.objectContaining({ dst: '10.8.0.3' }));
      expect(await ipJson(['-n', nameOf(a), 'nexthop', 'show'])).toEqual([]);
      expect((await bridgeJson(a, ['fdb', 'show', 'dev', 'v3'])).map((e) => e.mac)).not.toContain('02:00:00:00:00:04');
      expect((await ipJson(['-n', nameOf(a), 'link', 'show'])).map((l: any) => l.ifname)).not.toContain('bd0');
    });
  });
});

describe('unknown fields and non-plain objects are refused, through the promise, with nothing done', () => {
  test('specs', async () => {
    await withNamespaces(1, async (a) => {
      await setUp(a);
      await expect(a.neighbors.add({ dev: 'v1', address: '10.8.0.3', lladdr: '02:00:00:00:00:03', stat: 'noarp' } as never)).rejects.toThrow(code(VALUE));
      await expect(a.nexthops.add({ id: 10, via: '10.8.0.2', dev: 'v1', grup: [] } as never)).rejects.toThrow(code(VALUE));
      await expect(a.fdb.add({ lladdr: '02:00:00:00:00:04', dev: 'v3', mastr: true } as never)).rejects.toThrow(code(VALUE));
      await expect(a.addresses.add('v1', '10.8.0.5/24', { lable: 'v1:x' } as never)).rejects.toThrow(code(VALUE));
      await expect(a.links.add({ kind: 'veth', name: 'v9', peer: { nmae: 'p9' } } as never)).rejects.toThrow(code(VALUE));
      await expect(a.batch((bb) => { bb.links.add({ kind: 'veth', name: 'v8' }); }, { atomc: true } as never)).rejects.toThrow(code(VALUE));
      expect(await ipJson(['-n', nameOf(a), 'neigh', 'show', 'dev', 'v1'])).not.toContainEqual(expect.objectContaining({ dst: '10.8.0.3' }));
      expect(await ipJson(['-n', nameOf(a), 'nexthop', 'show'])).toEqual([]);
      expect((await bridgeJson(a, ['fdb', 'show', 'dev', 'v3'])).map((e) => e.mac)).not.toContain('02:00:00:00:00:04');
      const [info] = await ipJson(['-n', nameOf(a), 'addr', 'show', 'dev', 'v1']);
      expect(info.addr_info.map((x: any) => x.local)).not.toContain('10.8.0.5');
      const names = (await ipJson(['-n', nameOf(a), 'link', 'show'])).map((l: any) => l.ifname);
      expect(names).not.toContain('v9');
      expect(names).not.toContain('v8');
    });
  });

  test('filters and options', async () => {
    await withNamespaces(1, async (a) => {
      await setUp(a);
      await expect(a.routes.list({ tabel: 100 } as never)).rejects.toThrow(code(VALUE));
      await expect(a.links.list({ knd: 'veth' } as never)).rejects.toThrow(code(VALUE));
      await expect(a.addresses.list({ fam: 4 } as never)).rejects.toThrow(code(VALUE));
      await expect(a.rules.list({ famly: 4 } as never)).rejects.toThrow(code(VALUE));
      await expect(a.neighbors.list({ devv: 'v1' } as never)).rejects.toThrow(code(VALUE));
      await expect(a.nexthops.list({ group: true } as never)).rejects.toThrow(code(VALUE));
      await expect(a.fdb.list({ bridge: 'br0' } as never)).rejects.toThrow(code(VALUE));
      await expect(a.routes.get('10.8.0.2', { form: '10.8.0.1' } as never)).rejects.toThrow(code(VALUE));
      await expect(a.listen({ prot: 80 } as never)).rejects.toThrow(code(VALUE));
      await expect(a.connect({ port: 80, host: '10.8.0.2', locl: '10.8.0.1' } as never)).rejects.toThrow(code(VALUE));
      await expect(a.createSocket('udp4', { adress: '0.0.0.0' } as never)).rejects.toThrow(code(VALUE));
      expect(() => a.monitor({ grups: ['link'] } as never)).toThrow(code(VALUE));
      for (const bad of [null, 5, 'x', [], new Date(0), new Map()]) {
        await expect(a.routes.list(bad as never)).rejects.toThrow(code(TYPE));
        await expect(a.links.list(bad as never)).rejects.toThrow(code(TYPE));
        await expect(a.routes.add(bad as never)).rejects.toThrow(code(TYPE));
        await expect(a.links.set('v1', bad as never)).rejects.toThrow(code(TYPE));
        await expect(a.neighbors.add(bad as never)).rejects.toThrow(code(TYPE));
        await expect(a.batch(() => undefined, bad as never)).rejects.toThrow(code(TYPE));
        await expect(a.listen(bad as never)).rejects.toThrow(code(TYPE));
        expect(() => a.monitor(bad as never)).toThrow(code(TYPE));
      }
      // Nothing listens: no listen() above made a socket.
      const { stdout } = await execFileP('ip', ['netns', 'exec', nameOf(a), 'ss', '-Htln']);
      expect(stdout.trim()).toBe('');
    });
  });
});

test('positional arguments: every bad one rejects through the promise, nothing changes', async () => {
  await withNamespaces(1, async (a) => {
    await setUp(a);
    const before = await ipJson(['-n', nameOf(a), 'addr', 'show']);
    const calls: Array<[string, () => Promise<unknown>, string]> = [
      ['links.get(0)', () => a.links.get(0), RANGE],
      ['links.get("a/b")', () => a.links.get('a/b'), VALUE],
      ['links.indexOf("")', () => a.links.indexOf(''), VALUE],
      ['links.delete({})', () => a.links.delete({} as never), TYPE],
      ['links.set(1.5)', () => a.links.set(1.5, { mtu: 1400 }), RANGE],
      ['addresses.add(v1, 5)', () => a.addresses.add('v1', 5 as never), TYPE],
      ['addresses.add(v1, /33)', () => a.addresses.add('v1', '10.8.0.9/33'), VALUE],
      ['addresses.add(constructor)', () => a.addresses.add('constructor', '10.8.0.9/24'), 'ENODEV'],
      ['addresses.delete(v1, 5)', () => a.addresses.delete('v1', 5 as never), TYPE],
      ['routes.get("x")', () => a.routes.get('x'), VALUE],
      ['nexthops.get(0)', () => a.nexthops.get(0), RANGE],
      ['nexthops.delete("1")', () => a.nexthops.delete('1' as never), TYPE],
      ['sysctl.get(kernel.*)', () => a.sysctl.get('kernel.hostname'), VALUE],
      ['sysctl.set(value {})', () => a.sysctl.set('net.ipv4.ip_forward', {} as never), TYPE],
      ['createSocket("udp5")', () => a.createSocket('udp5' as never), VALUE],
    ];
    // What each call did, by label: a synchronous throw, a resolution, or the rejection's code.
    const got: Array<[string, string]> = [];
    for (const [label, call] of calls) {
      let p: Promise<unknown>;
      try { p = call(); } catch { got.push([label, 'threw synchronously']); continue; }
      got.push([label, await p.then(() => 'resolved', (err: { code?: string }) => String(err.code))]);
    }
    expect(got).toEqual(calls.map(([label, , expected]) => [label, expected]));
    expect(await ipJson(['-n', nameOf(a), 'addr', 'show'])).toEqual(before);
    expect(await a.sysctl.get('net.ipv4.ip_forward')).toBe('0');
  });
});

describe('values too large for netlink are argument errors naming the argument', () => {
  test('nexthops, metrics, kind filter, alias, raw attributes', async () => {
    await withNamespaces(1, async (a) => {
      await setUp(a);
      const named = (arg: string): Error => expect.objectContaining({ code: RANGE, message: expect.stringContaining(`"${arg}`) });
      await expect(a.routes.add({ dst: '10.9.0.0/24', nexthops: Array.from({ length: 20000 }, () => ({ via: '10.8.0.2' })) })).rejects.toThrow(named('route.nexthops'));
      await expect(a.routes.add({ dst: '10.9.0.0/24', nexthops: Array.from({ length: 5000 }, () => ({ via: '10.8.0.2' })) })).rejects.toThrow(named('route.nexthops'));
      await expect(a.routes.add({ dst: '10.9.0.0/24', dev: 'v1', metrics: { cc_algo: 'x'.repeat(1 << 20) } })).rejects.toThrow(named('route.metrics.cc_algo'));
      await expect(a.links.list({ kind: 'x'.repeat(70000) })).rejects.toThrow(named('filter.kind'));
      await expect(a.links.set('v1', { alias: 'x'.repeat(70000) })).rejects.toThrow(named('changes.alias'));
      await expect(a.links.add({ kind: 'macvtap', name: 'm0', data: [{ type: 1, value: Buffer.alloc(70000) }] })).rejects.toThrow(named('spec.data[0].value'));
      await expect(a.nexthops.add({ id: 1, group: Array.from({ length: 20000 }, (_, i) => ({ id: i + 2 })) })).rejects.toThrow(named('nexthop.group'));
      expect((await ipJson(['-n', nameOf(a), 'route', 'show', 'table', 'all'])).filter((r: any) => r.dst === '10.9.0.0/24')).toEqual([]);
      const [v1] = await ipJson(['-n', nameOf(a), 'link', 'show', 'v1']);
      expect(v1.ifalias).toBeUndefined();
      expect((await ipJson(['-n', nameOf(a), 'link', 'show'])).map((l: any) => l.ifname)).not.toContain('m0');
      expect(await ipJson(['-n', nameOf(a), 'nexthop', 'show'])).toEqual([]);
    });
  });
});

describe('the spec is read once; what the kernel created is reported as created', () => {
  test('links.add: a spec changed while the master lookup is pending changes nothing sent', async () => {
    await withNamespaces(1, async (a) => {
      await setUp(a);
      const spec = { kind: 'veth' as const, name: 'v5', master: 'br0', mtu: 1400, peer: { name: 'v5p' } };
      const p = a.links.add(spec);
      spec.name = 'v6';
      spec.mtu = 1280;
      spec.peer.name = 'v6p';
      spec.master = 'nosuch';
      const link = await p;
      expect(link).toMatchObject({ name: 'v5', mtu: 1400 });
      const [v5] = await ipJson(['-n', nameOf(a), 'link', 'show', 'v5']);
      expect(v5).toMatchObject({ mtu: 1400, master: 'br0' });
      const names = (await ipJson(['-n', nameOf(a), 'link', 'show'])).map((l: any) => l.ifname);
      expect(names).toContain('v5p');
      expect(names).not.toContain('v6');
      expect(names).not.toContain('v6p');
    });
  });

  test('an atomic batch undoes what it added even when the spec was changed after the call', async () => {
    await withNamespaces(1, async (a) => {
      await setUp(a);
      const first = { kind: 'bridge' as const, name: 'hb1' };
      const p = a.batch((b) => {
        b.links.add(first);
        b.links.add({ kind: 'bridge', name: 'br0' });  // EEXIST: the batch fails and undoes hb1
      }, { atomic: true });
      first.name = 'hb2';
      await expect(p).rejects.toThrow(expect.objectContaining({ code: 'ERR_NETNS_BATCH_ABORTED' }));
      const names = (await ipJson(['-n', nameOf(a), 'link', 'show'])).map((l: any) => l.ifname);
      expect(names).not.toContain('hb1');
      expect(names).not.toContain('hb2');
    });
  });

  test("links.add of a name the kernel numbers ('hb%d') resolves with the device it made", async () => {
    await withNamespaces(1, async (a) => {
      const link = await a.links.add({ kind: 'bridge', name: 'hb%d' });
      expect(link.name).toMatch(/^hb\d+$/);
      const shown = await ipJson(['-n', nameOf(a), 'link', 'show', link.name]);
      expect(shown).toEqual([expect.objectContaining({ ifname: link.name, ifindex: link.index })]);
    });
  });
});
