// Link flags: links.set's promisc/allmulti/arp/multicast/carrier, and Link.flags exactly as
// `ip -j link show` prints them (no RUNNING, NO-CARRIER, M-DOWN), checked against ip itself.
import { once } from 'node:events';
import { Namespace, NetlinkError, type Link } from '../../lib';
import { ip, ipJson, nameOf, withNamespaces } from '../helpers';

const shownFlags = async (ns: Namespace, dev: string): Promise<string[]> =>
  (await ipJson(['-n', nameOf(ns), 'link', 'show', 'dev', dev]))[0].flags;

/** Every link's flags from list() and from get() against ip's whole listing and ip's per-device one. */
async function expectFlagsAsIp(ns: Namespace): Promise<Record<string, string[]>> {
  const listed = await ns.links.list();
  const shown: Array<{ ifname: string; flags: string[] }> = await ipJson(['-n', nameOf(ns), 'link', 'show']);
  expect(Object.fromEntries(listed.map((l) => [l.name, l.flags]))).toEqual(Object.fromEntries(shown.map((l) => [l.ifname, l.flags])));
  for (const l of listed) {
    expect({ name: l.name, flags: (await ns.links.get(l.name)).flags }).toEqual({ name: l.name, flags: await shownFlags(ns, l.name) });
  }
  return Object.fromEntries(shown.map((l) => [l.ifname, l.flags]));
}

test('Link.flags is what ip prints: lo, NO-CARRIER on an up veth with its peer down, M-DOWN, bridge, ifb', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await ns.links.set('v0', { up: true });  // peer v1 stays down: v0 up without carrier
    await ns.links.add({ kind: 'veth', name: 'w0', peer: { name: 'w1' }, up: true });
    await ns.links.set('w1', { up: true });  // both up: RUNNING, which ip never prints
    await ns.links.add({ kind: 'macvlan', name: 'mv0', parent: 'v1', mode: 'bridge' });  // parent down
    await ns.links.add({ kind: 'macvlan', name: 'mv1', parent: 'w0', mode: 'bridge' });  // parent up
    await ns.links.add({ kind: 'bridge', name: 'br0', up: true });
    await ns.links.add({ kind: 'ifb', name: 'ifb0' });
    const shown = await expectFlagsAsIp(ns);
    // What the comparison covered: each case of ip's print_link_flags.
    expect(shown.lo).toEqual(['LOOPBACK']);
    expect(shown.v0).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP', 'M-DOWN']);
    expect(shown.mv0).toEqual(['BROADCAST', 'MULTICAST', 'M-DOWN']);
    expect(shown.mv1).not.toContain('M-DOWN');
    expect(shown.w0).toEqual(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']);
    expect(shown.ifb0).toContain('NOARP');
    await ip(ns, ['link', 'set', 'lo', 'up']);
    expect((await ns.links.get('lo')).flags).toEqual(await shownFlags(ns, 'lo'));
    // The raw word keeps what the names leave out.
    expect((await ns.links.get('w0')).flagsValue & 0x40).toBe(0x40);  // IFF_RUNNING
  });
});

test('M-DOWN: a kind filter that leaves the parent out, and a peer in another namespace (never M-DOWN)', async () => {
  await withNamespaces(2, async (a, b) => {
    await a.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await a.links.add({ kind: 'macvlan', name: 'mv0', parent: 'v0', mode: 'bridge' });
    const [mv] = await a.links.list({ kind: 'macvlan' });
    expect(mv.flags).toEqual(await shownFlags(a, 'mv0'));
    expect(mv.flags).toContain('M-DOWN');
    await a.links.set('v0', { up: true });
    expect((await a.links.list({ kind: 'macvlan' }))[0].flags).not.toContain('M-DOWN');
    expect(await shownFlags(a, 'mv0')).not.toContain('M-DOWN');
    // The peer down in another namespace: ip prints no M-DOWN (IFLA_LINK_NETNSID), and neither do we.
    await a.links.add({ kind: 'veth', name: 'x0', peer: { name: 'x1', namespace: b } });
    const x0 = await a.links.get('x0');
    expect(x0.namespaceId).toBeDefined();
    expect(x0.flags).toEqual(await shownFlags(a, 'x0'));
    expect(x0.flags).not.toContain('M-DOWN');
  });
});

test('links.set promisc, allmulti, arp, multicast: the flags ip shows, on and off again', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await ns.links.set('v0', { promisc: true, allmulti: true, arp: false, multicast: false });
    const on = await shownFlags(ns, 'v0');
    expect(on).toEqual(expect.arrayContaining(['PROMISC', 'ALLMULTI', 'NOARP']));
    expect(on).not.toContain('MULTICAST');
    const link = await ns.links.get('v0');
    expect(link.flags).toEqual(on);
    expect(link.promiscuity).toBe(1);
    await ns.links.set('v0', { promisc: false, allmulti: false, arp: true, multicast: true });
    const off = await shownFlags(ns, 'v0');
    expect(off).toEqual(['BROADCAST', 'MULTICAST', 'M-DOWN']);
    expect((await ns.links.get('v0')).flags).toEqual(off);
    // One flag alone leaves the others as they are (ifi_change names only it).
    await ns.links.set('v0', { promisc: true });
    await ns.links.set('v0', { arp: false });
    expect(await shownFlags(ns, 'v0')).toEqual(expect.arrayContaining(['PROMISC', 'NOARP', 'MULTICAST']));
  });
});

/** A process in ns that attaches a queue to tap `name` (so the kernel lets carrier go on) until killed. */
async function attachQueue(ns: Namespace, name: string): Promise<{ kill(): Promise<void> }> {
  const script = [
    'import fcntl, os, struct, sys',
    "fd = os.open('/dev/net/tun', os.O_RDWR)",
    `fcntl.ioctl(fd, 0x400454ca, struct.pack('16sH', b'${name}', 0x0002 | 0x1000))`,  // TUNSETIFF, IFF_TAP|IFF_NO_PI
    "print('ready', flush=True)",
    'sys.stdin.read()',
  ].join('\n');
  const child = ns.spawn('/usr/bin/python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout!, 'data') as [Buffer];
  if (!String(line).includes('ready')) throw new Error(`tap attach: ${String(line)}`);
  return {
    async kill() {
      const exited = once(child, 'exit');
      child.kill();  // our own child, by its handle
      await exited;
    },
  };
}

test('links.set carrier on a tap: off, then on once a queue is attached; EPERM without one, EOPNOTSUPP on a veth', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'tap', name: 'tap0', up: true });
    await ns.links.set('tap0', { carrier: false });
    expect(await shownFlags(ns, 'tap0')).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
    expect((await ns.links.get('tap0')).carrier).toBe(false);
    // tun refuses carrier on with no queue attached.
    const refused = await ns.links.set('tap0', { carrier: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NetlinkError);
    expect((refused as NetlinkError).code).toBe('EPERM');
    const queue = await attachQueue(ns, 'tap0');
    try {
      await ns.links.set('tap0', { carrier: false });
      expect((await ipJson(['-n', nameOf(ns), 'link', 'show', 'dev', 'tap0']))[0].flags).toContain('NO-CARRIER');
      await ns.links.set('tap0', { carrier: true });
      const shown = await shownFlags(ns, 'tap0');
      expect(shown).not.toContain('NO-CARRIER');
      const link: Link = await ns.links.get('tap0');
      expect(link.flags).toEqual(shown);
      expect(link.carrier).toBe(true);
    } finally {
      await queue.kill();
    }
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await expect(ns.links.set('v0', { carrier: false })).rejects.toMatchObject({ name: 'NetlinkError', errno: 95 })  // EOPNOTSUPP, named ENOTSUP;
  });
});

test('bad flag values are refused before any system call, through the promise', async () => {
  await withNamespaces(1, async (ns) => {
    for (const field of ['promisc', 'allmulti', 'arp', 'multicast', 'carrier']) {
      const p = ns.links.set('nosuchdev', { [field]: 'yes' } as never);
      await expect(p).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    }
  });
});
