// The CNI bandwidth plugin's shaping done with the typed API only: a tbf on the host end of the
// container's veth limits what enters the container; what leaves it is taken at the host end's
// ingress qdisc by a u32 filter matching everything, redirected (mirred) to an ifb and shaped by a
// tbf there. Checked three ways: TCP between the two namespaces holds each rate within 15%, tc -j
// shows what the real plugin (/usr/lib/cni/bandwidth, run in a second pair of namespaces with the
// same configuration) sets, names and counters aside, and the filter's counters saw the traffic.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Socket } from 'node:net';
import type { Namespace } from '../../lib';
import { nameOf, withNamespaces } from '../helpers';
import { hasPlugin, runPlugin } from './cni/plugin';

const run = promisify(execFile);
jest.setTimeout(120_000);

// The plugin's configuration: rates and bursts in bits, as CNI's bandwidth capability has them.
const INGRESS_RATE = 8_000_000, INGRESS_BURST = 800_000;
const EGRESS_RATE = 4_000_000, EGRESS_BURST = 800_000;
/** The plugin's tbf latency (latencyInMillis in its source). */
const LATENCY = '25ms';
const HOST_IP = '10.9.0.1', CONTAINER_IP = '10.9.0.2';

/** host: veth0 <-> container: eth0, addressed and up (the state the plugin is chained after). */
async function wire(host: Namespace, container: Namespace): Promise<void> {
  await host.links.add({ kind: 'veth', name: 'veth0', peer: { name: 'eth0', namespace: container } });
  await host.addresses.add('veth0', `${HOST_IP}/24`);
  await container.addresses.add('eth0', `${CONTAINER_IP}/24`);
  for (const [ns, dev] of [[host, 'veth0'], [host, 'lo'], [container, 'eth0'], [container, 'lo']] as const) await ns.links.set(dev, { up: true });
}

/** What the plugin does on ADD (ifb_creator.go), with ns.links and ns.tc. */
async function shapeLikeThePlugin(host: Namespace): Promise<void> {
  // ingressRate: the host end's egress is the container's ingress
  await host.tc.qdiscs.add({ dev: 'veth0', parent: 'root', handle: '1:', kind: 'tbf', rate: INGRESS_RATE, burst: INGRESS_BURST / 8, latency: LATENCY });
  // egressRate: an ifb with the veth's MTU, the veth's ingress redirected to it, a tbf on it
  const { mtu } = await host.links.get('veth0');
  // the plugin's netlink library sends the txqueuelen it is given, 0 when unset
  await host.links.add({ kind: 'ifb', name: 'bwp0', mtu, txqueuelen: 0 });
  await host.links.set('bwp0', { up: true });
  await host.tc.qdiscs.add({ dev: 'veth0', kind: 'ingress' });
  await host.tc.filters.add({
    dev: 'veth0', parent: 'ffff:', protocol: 'all', prio: 1, kind: 'u32', match: [{ u32: 0, mask: 0, at: 0 }], classid: '1:1',
    // The plugin's netlink library adds the redirect twice (its RedirIndex, then the action it is
    // given, which the library builds with TC_ACT_PIPE... shown as pass): kept, to equal what it sets.
    actions: [
      { kind: 'mirred', action: 'egress redirect', dev: 'bwp0' },
      { kind: 'mirred', action: 'egress redirect', dev: 'bwp0', verdict: 'pass' },
    ],
  });
  await host.tc.qdiscs.add({ dev: 'bwp0', parent: 'root', handle: '1:', kind: 'tbf', rate: EGRESS_RATE, burst: EGRESS_BURST / 8, latency: LATENCY });
}

/**
 * Bytes per second a TCP stream from `sender` to `receiver` (listening on `address`) delivers,
 * counted by the receiver over 3 s once the first second (the bucket's burst) has passed.
 */
async function throughput(sender: Namespace, receiver: Namespace, address: string): Promise<number> {
  const server = await receiver.listen({ port: 5201, host: address });
  let client: Socket | undefined;
  try {
    const measured = new Promise<number>((resolve, reject) => {
      server.once('connection', (s: Socket) => {
        let t0 = 0, bytes = 0;
        s.on('error', () => { /* destroyed below */ });
        s.on('data', (d: Buffer) => {
          const now = performance.now();
          if (t0 === 0) t0 = now;
          if (now - t0 < 1000) return;
          if (now - t0 > 4000) { s.destroy(); resolve(bytes / 3); return; }
          bytes += d.length;
        });
        s.on('close', () => reject(new Error(`stream ended after ${bytes} bytes`)));
      });
    });
    client = await sender.connect({ port: 5201, host: address });
    const c = client;
    c.on('error', () => { /* the receiver hangs up when it has measured */ });
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    const pump = (): void => { while (!c.destroyed && c.write(chunk)) { /* until the socket buffer is full */ } };
    c.on('drain', pump);
    pump();
    return await measured;
  } finally {
    client?.destroy();
    await new Promise((r) => server.close(r));
  }
}

async function tcJson(ns: Namespace, args: string[]): Promise<any[]> {
  const { stdout } = await run('tc', ['-n', nameOf(ns), '-j', ...args]);
  return stdout.trim() ? JSON.parse(stdout) : [];
}

/** tc's view of the shaping with names, counters and times left out, to compare two setups. */
async function shaping(host: Namespace, ifb: string): Promise<unknown> {
  const rename = (dev: string): string => (dev === ifb ? 'IFB' : dev);
  const qdiscs = (await tcJson(host, ['qdisc', 'show'])).filter((q) => q.dev !== 'lo').map((q) => ({ ...q, dev: rename(q.dev) }));
  const filters = (await tcJson(host, ['filter', 'show', 'dev', 'veth0', 'parent', 'ffff:'])).map((f) => {
    if (!f.options?.actions) return f;
    const actions = f.options.actions.map(({ stats: _s, installed: _i, last_used: _l, first_used: _f, ...a }: any) => ({ ...a, to_dev: rename(a.to_dev) }));
    return { ...f, options: { ...f.options, actions } };
  });
  const [link] = JSON.parse((await run('ip', ['-n', nameOf(host), '-j', '-d', 'link', 'show', 'dev', ifb])).stdout);
  const { mtu, flags, operstate, txqlen, linkinfo } = link;
  return { qdiscs, filters, ifb: { mtu, flags, operstate, txqlen, kind: linkinfo.info_kind } };
}

// tbf counts whole frames (skb->len: Ethernet header, IP and TCP headers with timestamps, then
// 1448 bytes of payload at mtu 1500), the receiver counts payload: the rate is compared on the wire.
const WIRE_PER_PAYLOAD = (1500 + 14) / (1500 - 52);

/** measured payload bytes/s against a rate in bits/s: the ratio (on the wire) is in the failure message. */
const within15 = (measured: number, bitsPerSecond: number): void => {
  const ratio = (measured * WIRE_PER_PAYLOAD) / (bitsPerSecond / 8);
  console.log(`TCP through the shaping: ${Math.round(measured)} B/s of payload for a limit of ${bitsPerSecond / 8} B/s (${ratio.toFixed(3)} on the wire)`);
  expect(ratio).toBeGreaterThan(0.85);
  expect(ratio).toBeLessThan(1.15);
};

test('typed API: TCP into and out of the container holds each rate within 15%; the redirect counted the packets', () => withNamespaces(2, async (host, container) => {
  await wire(host, container);
  // unshaped first: the same veth carries far more than either limit, so the limits below are the shaping's
  const free = await throughput(host, container, CONTAINER_IP);
  expect(free).toBeGreaterThan(3 * INGRESS_RATE / 8);
  await shapeLikeThePlugin(host);

  within15(await throughput(host, container, CONTAINER_IP), INGRESS_RATE);
  within15(await throughput(container, host, HOST_IP), EGRESS_RATE);

  // the container's end down: no packet reaches the host end's ingress any more, the counters stand still
  await container.links.set('eth0', { up: false });
  const key = (await host.tc.filters.list({ dev: 'veth0', parent: 'ffff:' })).find((f) => f.actions)!;
  const redirect = key.actions![0];
  expect(redirect).toMatchObject({ kind: 'mirred', action: 'egress redirect', dev: 'bwp0', verdict: 'stolen' });
  expect(redirect.stats!.bytes).toBeGreaterThan(EGRESS_RATE / 8);  // a few seconds at the egress rate went through it
  // the counters equal tc's
  const [shown] = (await tcJson(host, ['-s', 'filter', 'show', 'dev', 'veth0', 'parent', 'ffff:'])).filter((f) => f.options?.actions);
  expect(key.actions!.map((a) => a.stats)).toEqual(shown.options.actions.map((a: any) => a.stats));
  const ifbTbf = (await host.tc.qdiscs.list({ dev: 'bwp0' })).find((q) => q.kind === 'tbf')!;
  expect(ifbTbf.stats.bytes).toBeGreaterThan(EGRESS_RATE / 8);
}));

(hasPlugin('bandwidth') ? test : test.skip)('tc -j shows the same shaping for the typed API and for /usr/lib/cni/bandwidth', () =>
  withNamespaces(4, async (host, container, pluginHost, pluginContainer) => {
    await wire(host, container);
    await shapeLikeThePlugin(host);

    await wire(pluginHost, pluginContainer);
    const result = await runPlugin(pluginHost, 'bandwidth', { command: 'ADD', containerId: 'tc-bandwidth-e2e', container: pluginContainer, ifName: 'eth0' }, {
      cniVersion: '1.0.0', name: 'shaped', type: 'bandwidth',
      ingressRate: INGRESS_RATE, ingressBurst: INGRESS_BURST, egressRate: EGRESS_RATE, egressBurst: EGRESS_BURST,
      prevResult: { cniVersion: '1.0.0', interfaces: [{ name: 'veth0' }, { name: 'eth0', sandbox: `/run/netns/${nameOf(pluginContainer)}` }], ips: [] },
    }) as { interfaces: Array<{ name: string }> };
    const ifb = result.interfaces.find((i) => i.name.startsWith('bwp'))!.name;

    const theirs = await shaping(pluginHost, ifb);
    const ours = await shaping(host, 'bwp0');
    expect(ours).toEqual(theirs);
  }));
