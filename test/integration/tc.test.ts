// ns.tc.qdiscs and ns.tc.classes against the kernel, each change checked through tc itself
// (`tc -j -s qdisc show`, and `tc -s class show`'s text: tc 6.1 prints htb classes without JSON).
// fq_codel, prio and netem are probed first: where the kernel lacks them the live tests are
// reported as skipped with the probe's reason, and the kernel's refusal is checked instead.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NetlinkError, type Namespace, type Qdisc } from '../../lib';
import { parseRate, parseSize } from '../../lib/specs/tc-units';
import { nameOf, withNamespaces } from '../helpers';
import { probeQdiscs } from './kind-probe';

const execFileP = promisify(execFile);
const probes = probeQdiscs(['fq_codel', 'prio', 'netem']);
const live = (kind: string, what: string, fn: () => Promise<void>): void => {
  const p = probes[kind];
  (p.has ? test : test.skip)(p.has ? what : `${what} [skipped: ${p.reason}]`, fn);
};
const lacking = (kind: string, what: string, fn: () => Promise<void>): void => {
  (probes[kind].has ? test.skip : test)(what, fn);
};

async function tc(ns: Namespace, args: string[]): Promise<string> {
  return (await execFileP('tc', ['-n', nameOf(ns), ...args])).stdout;
}
/** `tc -j -s qdisc show dev DEV`, without the noqueue placeholder tc lists for a device with none. */
async function tcQdiscs(ns: Namespace, dev: string): Promise<Array<Record<string, any>>> {
  return (JSON.parse(await tc(ns, ['-j', '-s', 'qdisc', 'show', 'dev', dev])) as Array<Record<string, any>>).filter((q) => q.kind !== 'noqueue');
}
/** `tc -s class show dev DEV` lines read into fields (tc's units through the library's parsers). */
async function tcClasses(ns: Namespace, dev: string): Promise<Array<Record<string, unknown>>> {
  const text = await tc(ns, ['-s', 'class', 'show', 'dev', dev]);
  return text.split(/\n(?=class )/).filter((b) => b.startsWith('class ')).map((block) => {
    const w = block.split(/\s+/);
    const after = (key: string): string => w[w.indexOf(key) + 1];
    return {
      kind: w[1], classid: w[2], parent: w[3] === 'root' ? 'root' : w[4],
      prio: Number(after('prio')), rate: parseRate(after('rate'), 'rate') * 8, ceil: parseRate(after('ceil'), 'ceil') * 8,
      burst: parseSize(after('burst'), 'burst'), cburst: parseSize(after('cburst'), 'cburst'),
      bytes: Number(/Sent (\d+) bytes/.exec(block)?.[1]), packets: Number(/bytes (\d+) pkt/.exec(block)?.[1]),
    };
  });
}

/** The fields `tc -j -s` prints beside a qdisc's options, from a listed Qdisc. */
const shownStats = (q: Qdisc): Record<string, number> => {
  const { bytes, packets, drops, overlimits, requeues, backlog, qlen } = q.stats;
  return { bytes, packets, drops, overlimits, requeues, backlog, qlen };
};

async function veth(ns: Namespace): Promise<void> {
  // No IPv6 (router solicitations, MLD): a packet of its own sent between the library's listing and
  // tc's would make their counters differ (seen under user-mode Linux, where the gap is longer).
  await ns.sysctl.set('net.ipv6.conf.all.disable_ipv6', 1);
  await ns.sysctl.set('net.ipv6.conf.default.disable_ipv6', 1);
  await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
  await ns.links.set('v0', { up: true });
  await ns.links.set('v1', { up: true });
}

test('tbf: add, list, replace, change, delete, each as tc shows it; EEXIST as a NetlinkError', async () => {
  await withNamespaces(1, async (ns) => {
    await veth(ns);
    await ns.tc.qdiscs.add({ dev: 'v0', parent: 'root', handle: '1:', kind: 'tbf', rate: '1mbit', burst: '32kb', latency: '50ms' });
    let [shown] = await tcQdiscs(ns, 'v0');
    expect(shown).toMatchObject({ kind: 'tbf', handle: '1:', root: true, options: { rate: 125000, burst: 32768, lat: 50000 } });
    let [q] = await ns.tc.qdiscs.list({ dev: 'v0' });
    expect(q).toMatchObject({ dev: 'v0', handle: '1:', parent: 'root', kind: 'tbf', options: { rate: 1_000_000, burst: 32768, latency: 50000 } });
    expect(shownStats(q)).toEqual({ bytes: shown.bytes, packets: shown.packets, drops: shown.drops, overlimits: shown.overlimits,
      requeues: shown.requeues, backlog: shown.backlog, qlen: shown.qlen });

    await ns.tc.qdiscs.replace({ dev: 'v0', handle: '1:', kind: 'tbf', rate: '10mbit', burst: '10kb', limit: '100kb', peakrate: '20mbit', mtu: 1600 });
    [shown] = await tcQdiscs(ns, 'v0');
    expect(shown.options).toMatchObject({ rate: 1_250_000, burst: 10240 });
    [q] = await ns.tc.qdiscs.list({ dev: 'v0' });
    expect(q.options).toMatchObject({ rate: 10_000_000, burst: 10240, limit: 102400, peakrate: 20_000_000, mtu: 1600 });

    await ns.tc.qdiscs.change({ dev: 'v0', handle: '1:', kind: 'tbf', rate: 4_000_000, burst: 20_000, latency: '20ms' });
    [shown] = await tcQdiscs(ns, 'v0');
    expect(shown.options).toMatchObject({ rate: 500_000, burst: 20_000, lat: 20_000 });

    const again = await ns.tc.qdiscs.add({ dev: 'v0', handle: '1:', kind: 'tbf', rate: '1mbit', burst: '32kb', latency: '50ms' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NetlinkError);
    expect(again).toMatchObject({ code: 'EEXIST', operation: 'RTM_NEWQDISC' });

    await ns.tc.qdiscs.delete({ dev: 'v0', parent: 'root' });
    // an up device without a qdisc of its own gets the kernel's noqueue, which both list
    expect(await tcQdiscs(ns, 'v0')).toEqual([]);
    expect((await ns.tc.qdiscs.list({ dev: 'v0' })).map((x) => [x.kind, x.handle, x.parent])).toEqual([['noqueue', '0:', 'root']]);
  });
});

test('htb qdisc and classes: add, replace, change, delete, as tc shows them; classes of every device without dev', async () => {
  await withNamespaces(1, async (ns) => {
    await veth(ns);
    await ns.tc.qdiscs.add({ dev: 'v0', handle: '1:', kind: 'htb', default: '10', directQlen: 50 });
    const [shown] = await tcQdiscs(ns, 'v0');
    expect(shown).toMatchObject({ kind: 'htb', handle: '1:', options: { r2q: 10, default: '0x10', direct_qlen: 50 } });
    expect((await ns.tc.qdiscs.list({ dev: 'v0' }))[0].options).toMatchObject({ r2q: 10, default: 0x10, directQlen: 50 });

    await ns.tc.classes.add({ dev: 'v0', parent: '1:', classid: '1:10', kind: 'htb', rate: '5mbit', ceil: '10mbit', burst: '15k', prio: 2 });
    await ns.tc.classes.add({ dev: 'v0', parent: '1:', classid: '1:20', kind: 'htb', rate: 2_000_000 });
    const fields = (c: Record<string, any>) => ({ classid: c.classid, parent: c.parent, prio: c.prio ?? c.options.prio, rate: c.rate ?? c.options.rate,
      ceil: c.ceil ?? c.options.ceil, burst: c.burst ?? c.options.burst, cburst: c.cburst ?? c.options.cburst });
    const ours = async () => (await ns.tc.classes.list({ dev: 'v0' })).map(fields);
    const tcs = async () => (await tcClasses(ns, 'v0')).map(fields);
    expect(await ours()).toEqual(await tcs());
    expect((await tcs()).find((c) => c.classid === '1:10')).toEqual({ classid: '1:10', parent: 'root', prio: 2, rate: 5e6, ceil: 1e7, burst: 15360, cburst: 1600 });

    await ns.tc.classes.replace({ dev: 'v0', parent: '1:', classid: '1:20', kind: 'htb', rate: '3mbit', ceil: '4mbit' });
    await ns.tc.classes.change({ dev: 'v0', parent: '1:', classid: '1:10', kind: 'htb', rate: '6mbit', ceil: '8mbit', prio: 1 });
    expect(await ours()).toEqual(await tcs());
    expect((await tcs()).map((c) => [c.classid, c.rate, c.ceil, c.prio])).toEqual([['1:10', 6e6, 8e6, 1], ['1:20', 3e6, 4e6, 0]]);

    const all = await ns.tc.classes.list();
    expect(all.map((c) => `${c.dev} ${c.classid} ${c.kind}`)).toEqual(['v0 1:10 htb', 'v0 1:20 htb']);

    await ns.tc.classes.delete({ dev: 'v0', classid: '1:20' });
    expect((await tcs()).map((c) => c.classid)).toEqual(['1:10']);
    const gone = await ns.tc.classes.delete({ dev: 'v0', classid: '1:20' }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NetlinkError);
    expect(gone).toMatchObject({ code: 'ENOENT', operation: 'RTM_DELTCLASS' });
  });
});

test('ingress and clsact: added at ffff:fff1 with handle ffff:, deleted by kind', async () => {
  await withNamespaces(1, async (ns) => {
    await veth(ns);
    await ns.tc.qdiscs.add({ dev: 'v0', kind: 'ingress' });
    await ns.tc.qdiscs.add({ dev: 'v1', kind: 'clsact' });
    expect(await tcQdiscs(ns, 'v0')).toMatchObject([{ kind: 'ingress', handle: 'ffff:', parent: 'ffff:fff1' }]);
    expect(await tcQdiscs(ns, 'v1')).toMatchObject([{ kind: 'clsact', handle: 'ffff:', parent: 'ffff:fff1' }]);
    const listed = (await ns.tc.qdiscs.list()).filter((q) => q.kind !== 'noqueue');
    expect(listed.map((q) => [q.dev, q.kind, q.handle, q.parent, q.options]).sort()).toEqual([
      ['v0', 'ingress', 'ffff:', 'ffff:fff1', {}], ['v1', 'clsact', 'ffff:', 'ffff:fff1', {}],
    ]);
    await ns.tc.qdiscs.delete({ dev: 'v0', kind: 'ingress' });
    await ns.tc.qdiscs.delete({ dev: 'v1', kind: 'clsact' });
    expect([...await tcQdiscs(ns, 'v0'), ...await tcQdiscs(ns, 'v1')]).toEqual([]);
  });
});

test('statistics: what tc -s counts after traffic through the qdisc', async () => {
  await withNamespaces(1, async (ns) => {
    // nothing but the pings leaves v0: no IPv6 (router solicitations, MLD) and no ARP
    await ns.sysctl.set('net.ipv6.conf.all.disable_ipv6', 1);
    await ns.sysctl.set('net.ipv6.conf.default.disable_ipv6', 1);
    await veth(ns);
    await ns.addresses.add('v0', '10.7.0.1/24');
    await ns.neighbors.add({ dev: 'v0', address: '10.7.0.2', lladdr: '02:00:00:00:00:02' });
    await ns.tc.qdiscs.add({ dev: 'v0', handle: '1:', kind: 'tbf', rate: '100mbit', burst: '64kb', latency: '50ms' });
    await ns.exec('ping', ['-c', '3', '-i', '0.01', '-W', '0.1', '10.7.0.2']);  // unanswered: the pings leave v0 all the same
    const [q] = await ns.tc.qdiscs.list({ dev: 'v0' });
    const [shown] = await tcQdiscs(ns, 'v0');
    expect(q.stats.packets).toBe(3);
    expect(q.stats.bytes).toBe(3 * 98);  // Ethernet + IPv4 + ICMP echo of 56 bytes
    expect(shownStats(q)).toEqual({ bytes: shown.bytes, packets: shown.packets, drops: shown.drops, overlimits: shown.overlimits,
      requeues: shown.requeues, backlog: shown.backlog, qlen: shown.qlen });
  });
});

test('tc reads rates and sizes as the library does: tbf added by tc with text, listed by the library', async () => {
  await withNamespaces(1, async (ns) => {
    await veth(ns);
    for (const [rate, burst] of [['1mbit', '32kb'], ['100kbps', '10k'], ['1mibit', '20000'], ['2.5Mbit', '1mb'], ['64000', '4kbit']]) {
      await tc(ns, ['qdisc', 'replace', 'dev', 'v0', 'root', 'handle', '1:', 'tbf', 'rate', rate, 'burst', burst, 'limit', '100k']);
      const [q] = await ns.tc.qdiscs.list({ dev: 'v0' });
      expect({ rate, burst, got: q.options }).toMatchObject({ rate, burst, got: { rate: parseRate(rate, 'rate') * 8, limit: 102400 } });
      expect(Math.abs((q.options.burst as number) - parseSize(burst, 'burst'))).toBeLessThanOrEqual(1);  // ticks round it
    }
  });
});

test('bad arguments reject through the promise before any request: codes and field names', async () => {
  await withNamespaces(1, async (ns) => {
    await veth(ns);
    const q = ns.tc.qdiscs, c = ns.tc.classes;
    const bad: Array<[Promise<unknown>, string, string]> = [
      [q.add({ dev: 'v0', kind: 'tbf', rate: '1mbits', burst: '32kb', latency: '50ms' }), 'ERR_INVALID_ARG_VALUE', 'qdisc.rate'],
      [q.add({ dev: 'v0', kind: 'tbf', rate: '1mbit', burst: '32kb' } as never), 'ERR_INVALID_ARG_VALUE', 'qdisc'],
      [q.add({ dev: 'v0', kind: 'tbf', rate: '1mbit', burst: '32kb', latency: '5ms', limit: 1000 }), 'ERR_INVALID_ARG_VALUE', 'qdisc'],
      [q.add({ dev: 'v0', kind: 'sfq' } as never), 'ERR_INVALID_ARG_VALUE', 'qdisc.kind'],
      [q.add({ dev: 'v0', kind: 'htb', handle: '1:10' }), 'ERR_INVALID_ARG_VALUE', 'qdisc.handle'],
      [q.add({ dev: 'v0', kind: 'prio', bands: 3, priomap: [0, 3] }), 'ERR_OUT_OF_RANGE', 'qdisc.priomap[1]'],
      [q.add({ dev: 'v0', kind: 'netem', loss: 120 }), 'ERR_OUT_OF_RANGE', 'qdisc.loss'],
      [q.add({ dev: 'v0', kind: 'ingress', color: 'red' } as never), 'ERR_INVALID_ARG_VALUE', 'qdisc.color'],
      [c.add({ dev: 'v0', parent: '1:', classid: '1:x', kind: 'htb', rate: '1mbit' }), 'ERR_INVALID_ARG_VALUE', 'class.classid'],
      [c.add({ dev: 'v0', parent: '1:', classid: '1:1', kind: 'htb' } as never), 'ERR_INVALID_ARG_TYPE', 'class.rate'],
      [q.list({ dev: 0 }), 'ERR_OUT_OF_RANGE', 'filter.dev'],
    ];
    for (const [p, code, name] of bad) await expect(p).rejects.toMatchObject({ code, message: expect.stringContaining(`"${name}`) });
    expect(await tcQdiscs(ns, 'v0')).toEqual([]);
  });
});

live('fq_codel', 'fq_codel: options as tc shows them', async () => {
  await withNamespaces(1, async (ns) => {
    await veth(ns);
    await ns.tc.qdiscs.add({ dev: 'v0', kind: 'fq_codel', limit: 2000, flows: 512, target: '4ms', interval: '90ms', ecn: true });
    const [shown] = await tcQdiscs(ns, 'v0');
    expect(shown).toMatchObject({ kind: 'fq_codel', options: { limit: 2000, flows: 512, ecn: true } });
    expect((await ns.tc.qdiscs.list({ dev: 'v0' }))[0].options).toMatchObject({ limit: 2000, flows: 512, ecn: true });
  });
});

live('prio', 'prio: bands and priomap as tc shows them', async () => {
  await withNamespaces(1, async (ns) => {
    await veth(ns);
    await ns.tc.qdiscs.add({ dev: 'v0', handle: '1:', kind: 'prio', bands: 4, priomap: [3, 2, 1, 0] });
    const [shown] = await tcQdiscs(ns, 'v0');
    const priomap = [3, 2, 1, 0, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
    expect(shown).toMatchObject({ kind: 'prio', options: { bands: 4, priomap } });
    expect((await ns.tc.qdiscs.list({ dev: 'v0' }))[0].options).toEqual({ bands: 4, priomap });
  });
});

live('netem', 'netem: delay, jitter, loss, rate and limit as tc shows them', async () => {
  await withNamespaces(1, async (ns) => {
    await veth(ns);
    await ns.tc.qdiscs.add({ dev: 'v0', kind: 'netem', delay: '10ms', jitter: '2ms', loss: 1, rate: '1mbit', limit: 500 });
    const [shown] = await tcQdiscs(ns, 'v0');
    expect(shown).toMatchObject({ kind: 'netem', options: { limit: 500 } });
    expect((await ns.tc.qdiscs.list({ dev: 'v0' }))[0].options).toMatchObject({ delay: 10000, jitter: 2000, limit: 500, rate: 1e6 });
  });
});

for (const kind of ['fq_codel', 'prio', 'netem'] as const) {
  lacking(kind, `${kind} missing from this kernel: the kernel's refusal is a NetlinkError (ENOENT) with its message`, async () => {
    await withNamespaces(1, async (ns) => {
      await veth(ns);
      const err = await ns.tc.qdiscs.add({ dev: 'v0', kind }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetlinkError);
      expect(err).toMatchObject({ code: 'ENOENT', operation: 'RTM_NEWQDISC', message: expect.stringContaining('qdisc kind is unknown') });
    });
  });
}
