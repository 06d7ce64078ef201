// Bridge port options: links.set's `port` on a veth enslaved to a bridge, read back as Link.port,
// both checked against `ip -j -d link show` (linkinfo.info_slave_data) and `bridge -j -d link show`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Namespace, NetlinkError, type BridgePort, type BridgePortChanges } from '../../lib';
import { ipJson, nameOf, withNamespaces } from '../helpers';

const execFileP = promisify(execFile);

/** Link.port field -> the key ip -d (info_slave_data) prints it under. */
const IP_KEYS: Record<string, string> = {
  state: 'state', priority: 'priority', cost: 'cost', hairpin: 'hairpin', guard: 'guard', rootBlock: 'root_block',
  fastLeave: 'fastleave', learning: 'learning', flood: 'flood', id: 'id', no: 'no', designatedPort: 'designated_port',
  designatedCost: 'designated_cost', bridgeId: 'bridge_id', rootId: 'root_id', proxyArp: 'proxy_arp',
  proxyArpWifi: 'proxy_arp_wifi', multicastRouter: 'multicast_router', mcastFlood: 'mcast_flood', bcastFlood: 'bcast_flood',
  mcastToUnicast: 'mcast_to_unicast', neighSuppress: 'neigh_suppress', vlanTunnel: 'vlan_tunnel', isolated: 'isolated',
  locked: 'locked', topologyChangeAck: 'topology_change_ack', configPending: 'config_pending',
};

/** ip's value for a Link.port field: ids in hex text, numbers for flags ip prints as 0/1. */
function asIp(key: string, v: unknown): unknown {
  if (key === 'id' || key === 'no') return `0x${(v as number).toString(16)}`;
  if (key === 'topologyChangeAck' || key === 'configPending') return v ? 1 : 0;
  return v;
}

const slaveData = async (ns: Namespace, dev: string): Promise<Record<string, unknown>> =>
  (await ipJson(['-n', nameOf(ns), '-d', 'link', 'show', 'dev', dev]))[0].linkinfo.info_slave_data;

async function bridgeLink(ns: Namespace, dev: string): Promise<Record<string, unknown>> {
  const { stdout } = await execFileP('bridge', ['-n', nameOf(ns), '-j', '-d', 'link', 'show', 'dev', dev]);
  return JSON.parse(stdout)[0];
}

/** Every field Link.port decodes that ip prints too, with ip's value. */
async function expectPortAsIp(ns: Namespace, dev: string): Promise<BridgePort> {
  const port = (await ns.links.get(dev)).port!;
  const shown = await slaveData(ns, dev);
  const ours: Record<string, unknown> = {}, theirs: Record<string, unknown> = {};
  for (const [key, ipKey] of Object.entries(IP_KEYS)) {
    if (!(ipKey in shown)) continue;
    ours[key] = asIp(key, (port as Record<string, unknown>)[key]);
    theirs[key] = shown[ipKey];
  }
  expect(ours).toEqual(theirs);
  expect(Object.keys(theirs).length).toBeGreaterThan(20);
  return port;
}

async function bridgeWithPort(ns: Namespace): Promise<void> {
  await ns.links.add({ kind: 'bridge', name: 'br0', up: true });
  await ns.links.add({ kind: 'veth', name: 'p0', peer: { name: 'p1' } });
}

/** The port forwards once up with carrier (no STP): the kernel moves it there on its own, later. */
async function untilForwarding(ns: Namespace, dev: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await ns.links.get(dev)).port?.state === 'forwarding') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${dev} never reached forwarding`);
}

test('master and port options in one call: the link becomes a port with them (ip -d and bridge -d agree)', async () => {
  await withNamespaces(1, async (ns) => {
    await bridgeWithPort(ns);
    await ns.links.set('p0', { master: 'br0', port: { hairpin: true, learning: false } });
    expect(await slaveData(ns, 'p0')).toMatchObject({ hairpin: true, learning: false });
    expect(await bridgeLink(ns, 'p0')).toMatchObject({ master: 'br0', hairpin: true, learning: false });
    const link = await ns.links.get('p0');
    expect(link.port).toMatchObject({ hairpin: true, learning: false });
    expect(link.portInfo).toBe(link.port);
    await expectPortAsIp(ns, 'p0');
    // Renamed in the same call: the port options reach it under its new name.
    await ns.links.add({ kind: 'veth', name: 'q0', peer: { name: 'q1' } });
    await ns.links.set('q0', { name: 'q9', master: 'br0', port: { isolated: true } });
    expect(await slaveData(ns, 'q9')).toMatchObject({ isolated: true });
  });
});

test('each option set alone, read back as Link.port and compared with ip -d (every field ip prints)', async () => {
  await withNamespaces(1, async (ns) => {
    await bridgeWithPort(ns);
    await ns.links.set('p0', { master: 'br0' });
    const before = await expectPortAsIp(ns, 'p0');
    expect(before).toMatchObject({ hairpin: false, learning: true, flood: true, mcastFlood: true, cost: 2, priority: 32 });
    const changes: Array<[BridgePortChanges, string, unknown]> = [
      [{ hairpin: true }, 'hairpin', true], [{ learning: false }, 'learning', false], [{ flood: false }, 'flood', false],
      [{ mcastFlood: false }, 'mcast_flood', false], [{ isolated: true }, 'isolated', true],
      [{ neighSuppress: true }, 'neigh_suppress', true], [{ guard: true }, 'guard', true],
      [{ cost: 100 }, 'cost', 100], [{ priority: 10 }, 'priority', 10],
    ];
    for (const [port, ipKey, value] of changes) {
      await ns.links.set('p0', { port });
      expect({ port, shown: (await slaveData(ns, 'p0'))[ipKey] }).toEqual({ port, shown: value });
      expect((await bridgeLink(ns, 'p0'))[ipKey === 'mcast_flood' ? 'mcast_flood' : ipKey]).toEqual(value);
    }
    const after = await expectPortAsIp(ns, 'p0');
    expect(after).toMatchObject({
      hairpin: true, learning: false, flood: false, mcastFlood: false, isolated: true, neighSuppress: true, guard: true, cost: 100, priority: 10,
    });
    // Back in one request, with another change beside it.
    await ns.links.set('p0', { mtu: 1400, port: { hairpin: false, learning: true, cost: 5 } });
    expect(await slaveData(ns, 'p0')).toMatchObject({ hairpin: false, learning: true, cost: 5 });
    expect((await ns.links.get('p0')).mtu).toBe(1400);
  });
});

test('state by name and by number on a port that is up; ENETDOWN on a port without carrier', async () => {
  await withNamespaces(1, async (ns) => {
    await bridgeWithPort(ns);
    await ns.links.set('p0', { master: 'br0' });
    // A port without carrier takes only 'disabled'.
    await expect(ns.links.set('p0', { port: { state: 'blocking' } })).rejects.toMatchObject({ name: 'NetlinkError', code: 'ENETDOWN' });
    await ns.links.set('p1', { up: true });
    await ns.links.set('p0', { up: true });
    await untilForwarding(ns, 'p0');
    // Without STP the kernel keeps learning and listening; blocking and disabled on a running port
    // it moves on to forwarding at once (what bridge link shows too).
    const states = [[2, 'learning'], ['blocking', 'forwarding'], ['listening', 'listening'], ['disabled', 'forwarding'], [1, 'listening'], [3, 'forwarding']] as const;
    for (const [state, name] of states) {
      await ns.links.set('p0', { port: { state } });
      expect({ state, shown: (await bridgeLink(ns, 'p0')).state }).toEqual({ state, shown: name });
      expect({ state, ours: (await ns.links.get('p0')).port?.state }).toEqual({ state, ours: name });
    }
    await expectPortAsIp(ns, 'p0');
  });
});

test('the kernel refuses port options on a link that is no port, and a port of a bridge running kernel STP its state', async () => {
  await withNamespaces(1, async (ns) => {
    await bridgeWithPort(ns);
    const err = await ns.links.set('p0', { port: { hairpin: true } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect((err as NetlinkError).errno).toBe(95);  // EOPNOTSUPP: no master to apply them
    expect((await ns.links.get('p0')).port).toBeUndefined();
    await ns.links.add({ kind: 'bridge', name: 'br1', stp: true });
    await ns.links.set('p0', { master: 'br1' });
    await expect(ns.links.set('p0', { port: { state: 'disabled' } })).rejects.toMatchObject({ name: 'NetlinkError', code: 'EBUSY' });
  });
});

test('bad port options are refused before any system call, through the promise', async () => {
  await withNamespaces(1, async (ns) => {
    const bad: Array<[unknown, string]> = [
      [{ cost: 0 }, 'ERR_OUT_OF_RANGE'], [{ cost: 65536 }, 'ERR_OUT_OF_RANGE'], [{ priority: 64 }, 'ERR_OUT_OF_RANGE'],
      [{ state: 5 }, 'ERR_OUT_OF_RANGE'], [{ state: 'up' }, 'ERR_INVALID_ARG_VALUE'], [{ hairpin: 1 }, 'ERR_INVALID_ARG_TYPE'],
      [{ nosuch: true }, 'ERR_INVALID_ARG_VALUE'], ['on', 'ERR_INVALID_ARG_TYPE'],
    ];
    for (const [port, code] of bad) {
      // No such link: had anything been sent, the kernel's ENODEV would come back instead.
      await expect(ns.links.set('nosuchdev', { port } as never)).rejects.toMatchObject({ code });
    }
    await expect(ns.links.set('nosuchdev', { master: null, port: { hairpin: true } })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    await expect(ns.links.set('nosuchdev', { namespace: ns, port: { hairpin: true } })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});
