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
