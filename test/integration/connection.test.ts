// The pipelined connection under failure: a decoder that throws fails only its own request.
import { Namespace } from '../../lib';
import { RTM } from '../../lib/rtnetlink/constants';
import { writeIfInfo } from '../../lib/rtnetlink/link-codec';

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
