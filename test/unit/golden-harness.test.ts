// The golden fixtures are well formed, and the comparison catches a difference.
import { NLM_F_CREATE, NLM_F_EXCL } from '../../lib/uapi/netlink';
import { RTM } from '../../lib/uapi/rtnetlink';
import { captures, encodeRequest, normalized } from '../golden';
import { writeIfInfo } from '../../lib/codecs/link-codec';

const groups = ['links', 'addresses', 'routes', 'rules', 'neighbors', 'nexthops', 'nsid', 'fdb', 'link-options', 'links-elsewhere'];

test.each(groups)('every %s capture has a request whose length field matches its bytes', (group) => {
  const list = captures(group);
  expect(list.length).toBeGreaterThan(0);
  for (const c of list) {
    const b = Buffer.from(c.request, 'hex');
    expect(b.length).toBeGreaterThanOrEqual(16);
    expect(b.readUInt32LE(0)).toBe(b.length);
    expect(`0x${b.readUInt16LE(6).toString(16).padStart(4, '0')}`).toBe(c.requestFlags);
  }
});

test('a simple request matches and a changed one does not', () => {
  const c = captures('links').find((x) => x.id === 'link-add-ifb')!;
  const build = (name: string) => encodeRequest(RTM.NEWLINK, NLM_F_CREATE | NLM_F_EXCL, (w) => {
    writeIfInfo(w);
    w.attrString(3, name);
    const li = w.beginNested(18);
    w.attrBytes(1, Buffer.from('ifb'));  // iproute2 sends IFLA_INFO_KIND without a NUL
    w.endNested(li);
  });
  const name = c.argv[c.argv.indexOf('add') + 1];
  expect(normalized(build(name))).toBe(normalized(c.request));
  expect(normalized(build(name + 'x'))).not.toBe(normalized(c.request));
});
