// The reader's fast paths against the plain ones: byte-wise little-endian reads against Buffer's,
// and the IPv4 prefix text (built from cached parts) against the text built from scratch.
import { readIPv4, readIPv4Prefix, readPrefix, u16le, u32le } from '../../lib/codecs/reader';

test('u16le and u32le read as readUInt16LE and readUInt32LE do, high bits included (unsigned)', () => {
  const b = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x80, 0x01, 0x02, 0x03, 0xfe]);
  for (let o = 0; o + 4 <= b.length; o++) {
    expect(u16le(b, o)).toBe(b.readUInt16LE(o));
    expect(u32le(b, o)).toBe(b.readUInt32LE(o));
  }
  expect(u32le(b, 0)).toBe(0xffffffff);
});

test('IPv4 prefixes read in any order of addresses and lengths match their plain text', () => {
  const b = Buffer.alloc(4);
  // Addresses that share their first three octets and some that do not, with lengths that change
  // between neighbours: the cached head and the per-length tails must never leak into the next.
  const addresses = [[10, 1, 2, 3], [10, 1, 2, 4], [10, 1, 3, 4], [10, 1, 2, 255], [0, 0, 0, 0], [255, 255, 255, 255], [198, 18, 0, 7]];
  for (const length of [32, 24, 0, 31, 32, 8]) {
    for (const a of addresses) {
      b.set(a);
      expect(readIPv4Prefix(b, 0, length)).toBe(`${a.join('.')}/${length}`);
      expect(readPrefix(b, 0, 4, length)).toBe(`${a.join('.')}/${length}`);
      expect(readIPv4(b, 0)).toBe(a.join('.'));
    }
  }
  const v6 = Buffer.from('20010db8000000000000000000000001', 'hex');
  expect(readPrefix(v6, 0, 16, 128)).toBe('2001:db8::1/128');
});
