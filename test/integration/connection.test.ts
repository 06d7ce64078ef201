// The pipelined connection under failure: a decoder that throws fails only its own request; a
// broken frame or lost replies (ENOBUFS) fail what is pending; an interrupted dump starts again.
import { RTM } from '../../lib/uapi/rtnetlink';
import { Namespace } from '../../lib';
import { decodeLink, writeIfInfo } from '../../lib/codecs/link-codec';
import { ipJson, nameOf, withNamespaces } from '../helpers';

test('a throwing reply decoder rejects its request; the connection keeps working', async () => {
  const ns = await Namespace.create();
  try {
    const conn = ns.netlink();
    const broken = conn.dump(RTM.GETLINK, (w) => writeIfInfo(w), () => { throw new TypeError('decoder bug'); });
    const fine = ns.links.list();
    await expect(broken).rejects.toThrow('decoder bug');
    expect((await fine).map((l) => l.name)).toEqual(['lo']);
    expect((await ns.links.get('lo')).index).toBe(1);
  } finally {
    await ns.delete();
  }
});

test('a broken frame fails what is pending, closes the socket, and the namespace reconnects', async () => {
  const ns = await Namespace.create();
  try {
    const conn = ns.netlink();
    // Hold a request open: a dump whose replies are fed by hand below never reaches the kernel's
    // NLMSG_DONE before the bad frame arrives.
    const pending = conn.request({ type: RTM.GETLINK, flags: 0x300, encode: (w) => writeIfInfo(w), onMessage: () => {} });
    const frame = Buffer.alloc(16);
    frame.writeUInt32LE(4096, 0);  // claims more bytes than the read holds
    (conn as unknown as { receive(d: Buffer, e: number): void }).receive(frame, 0);
    await expect(pending).rejects.toMatchObject({ name: 'MalformedMessageError' });
    expect(conn.isClosed).toBe(true);
    expect(ns.netlink()).not.toBe(conn);
    expect((await ns.links.list()).map((l) => l.name)).toEqual(['lo']);
  } finally {
    await ns.delete();
  }
});

/** A reply part for request `seq` flagged NLM_F_DUMP_INTR, as the kernel sends when the table changed mid-dump. */
function interruptedPart(seq: number): Buffer {
  const m = Buffer.alloc(16 + 16);
  m.writeUInt32LE(m.length, 0);
  m.writeUInt16LE(RTM.NEWLINK, 4);
  m.writeUInt16LE(0x2 /* NLM_F_MULTI */ | 0x10 /* NLM_F_DUMP_INTR */, 6);
  m.writeUInt32LE(seq, 8);
  return m;
}
const feed = (conn: unknown, data: Buffer | undefined, errno = 0): void =>
  (conn as { receive(d: Buffer | undefined, e: number): void }).receive(data, errno);

test('an interrupted dump (NLM_F_DUMP_INTR) is restarted and returns one whole view, not a torn one', async () => {
  await withNamespaces(1, async (ns) => {
    await ns.links.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    const conn = ns.netlink();
    const seqs = new Set<number>();
    let names: string[] = [];
    let restarts = 0;
    let interrupt = true;
    await conn.request({
      type: RTM.GETLINK, flags: 0x300, encode: (w) => writeIfInfo(w),
      onMessage: (buf, off) => {
        // While the first part is read, the kernel says the table changed under the dump.
        seqs.add(buf.readUInt32LE(off + 8));
        if (interrupt) { interrupt = false; feed(conn, interruptedPart(buf.readUInt32LE(off + 8))); }
        names.push(decodeLink(buf, off, buf.readUInt32LE(off)).name);
      },
      onRestart: () => { restarts++; names = []; },
    });
    expect(restarts).toBe(1);
    expect(seqs.size).toBe(2);  // the dump went to the kernel twice
    // The restarted dump's view, each link once, equal to what ip sees.
    const shown = (await ipJson(['-n', nameOf(ns), 'link', 'show'])).map((l: { ifname: string }) => l.ifname);
    expect(names.sort()).toEqual(shown.sort());
  });
});

test('a dump interrupted again and again gives up with EINTR after 10 restarts; the socket stays usable', async () => {
  const ns = await Namespace.create();
  try {
    const conn = ns.netlink();
    let restarts = 0;
    const dump = conn.request({
      type: RTM.GETLINK, flags: 0x300, encode: (w) => writeIfInfo(w),
      onMessage: (buf, off) => feed(conn, interruptedPart(buf.readUInt32LE(off + 8))),
      onRestart: () => { restarts++; },
    });
    await expect(dump).rejects.toMatchObject({ name: 'NetlinkError', code: 'EINTR', message: expect.stringContaining('dump kept being interrupted') });
    expect(restarts).toBe(10);
    expect((await ns.links.list()).map((l) => l.name)).toEqual(['lo']);
    expect(conn.isClosed).toBe(false);
  } finally {
    await ns.delete();
  }
});

test('lost replies (ENOBUFS on the request socket) fail what is pending, and the namespace reconnects', async () => {
  await withNamespaces(1, async (ns) => {
    const conn = ns.netlink();
    // Pending, not yet sent (that waits for a microtask) when the error arrives.
    const pending = ns.links.set('lo', { up: true });
    feed(conn, undefined, 105 /* ENOBUFS */);
    await expect(pending).rejects.toMatchObject({ name: 'NetlinkError', code: 'ENOBUFS', errno: 105 });
    expect(conn.isClosed).toBe(true);
    const fresh = ns.netlink();
    expect(fresh).not.toBe(conn);
    await ns.links.set('lo', { up: true });
    expect((await ipJson(['-n', nameOf(ns), 'link', 'show', 'lo']))[0].flags).toContain('UP');
  });
});

test('a dump whose replies were already handed out declines the restart: EINTR, sent once', async () => {
  await withNamespaces(1, async (ns) => {
    const conn = ns.netlink();
    const seqs = new Set<number>();
    let interrupt = true;
    const dump = conn.request({
      type: RTM.GETLINK, flags: 0x300, encode: (w) => writeIfInfo(w),
      onMessage: (buf, off) => {
        seqs.add(buf.readUInt32LE(off + 8));
        if (interrupt) { interrupt = false; feed(conn, interruptedPart(buf.readUInt32LE(off + 8))); }
      },
      onRestart: () => false,
    });
    await expect(dump).rejects.toMatchObject({ name: 'NetlinkError', code: 'EINTR', message: expect.stringContaining('the table changed during the dump') });
    expect(seqs.size).toBe(1);
    expect((await ns.links.list()).map((l) => l.name)).toEqual(['lo']);
  });
});
