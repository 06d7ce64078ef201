// The reader's fast paths against the plain ones: byte-wise little-endian reads against Buffer's,
// the IPv4 prefix text (built from cached parts) against the text built from scratch, and IPv6
// text against ipaddr.js.
import ipaddr from 'ipaddr.js';
import { readIPv4, readIPv4Prefix, readIp, readPrefix, u16le, u32le } from '../../lib/codecs/reader';

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

test('IPv6 text is RFC 5952 (the first longest zero run compressed), as ipaddr.js writes it; IPv4-mapped as ::ffff:a.b.c.d', () => {
  const cases: Array<[string, string]> = [
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000010000000000000000', '2001:db8:0:1::'],
    ['20010000000100000000000100000000', '2001:0:1::1:0:0'],  // equal runs: the first is compressed
    ['20010db8000100020003000400050006', '2001:db8:1:2:3:4:5:6'],
    ['00000000000000000000ffffc0000280', '::ffff:192.0.2.128'],
  ];
  for (const [hex, text] of cases) expect(readIp(Buffer.from(hex, 'hex'), 0, 16)).toBe(text);
  // Random words, half of them zero (many runs of every length), against ipaddr.js.
  let seed = 9;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const b = Buffer.alloc(16);
  for (let n = 0; n < 5000; n++) {
    for (let w = 0; w < 8; w++) b.writeUInt16BE(rnd() < 0.5 ? 0 : Math.floor(rnd() * 0x10000), 2 * w);
    if (b.readUInt16BE(10) === 0xffff && b.subarray(0, 10).every((x) => x === 0)) continue;  // mapped: dotted, checked above
    expect(readIp(b, 0, 16)).toBe(new ipaddr.IPv6([...b]).toRFC5952String());
  }
});
