// The writer's own check behind validation: an attribute longer than nla_len can say (16 bits)
// is an ERR_OUT_OF_RANGE that names the attribute, not Buffer's "The value of "value" is out of range".
import { MessageWriter } from '../../lib/codecs/writer';

const named = (type: number): Error => expect.objectContaining({
  code: 'ERR_OUT_OF_RANGE', message: expect.stringContaining(`"netlink attribute ${type}"`),
});

test('a flat attribute over 65535 bytes', () => {
  const w = new MessageWriter();
  w.begin(16, 0);
  expect(() => w.attrBytes(7, Buffer.alloc(65532))).toThrow(named(7));
  expect(() => w.attrString(3, 'x'.repeat(70000))).toThrow(named(3));
  w.attrBytes(7, Buffer.alloc(65531));  // 65535 with its header: the largest there is
});

test('a nested attribute whose contents outgrow 65535 bytes', () => {
  const w = new MessageWriter();
  w.begin(16, 0);
  const nest = w.beginNested(18);
  for (let i = 0; i < 20; i++) w.attrBytes(1, Buffer.alloc(4000));
  expect(() => w.endNested(nest)).toThrow(named(18));
});
