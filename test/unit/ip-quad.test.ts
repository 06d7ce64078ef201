// parseAddress reads dotted quads itself (no node:net, no ipaddr.js): it must take exactly what
// net.isIPv4 takes, with the same bytes, and leave everything else to the full parser, which
// refuses IPv4 shorthand ('10', '0x0a000001', '010.0.0.1') as before.
import { isIPv4 } from 'node:net';
import { parseAddress, parsePrefix } from '../../lib/specs/ip';

const tricky = [
  '0.0.0.0', '255.255.255.255', '10.0.0.1', '1.2.3.4', '192.168.100.200', '9.99.199.249',
  '256.0.0.1', '1.2.3.256', '01.2.3.4', '1.02.3.4', '1.2.3.00', '00.0.0.0', '1.2.3', '1.2.3.4.5', '1..2.3',
  '.1.2.3', '1.2.3.', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.-4', '1.2.3.+4', '1.2.3.4/24', '1.2.3.a', '1.2.3.1000',
  '1234.1.1.1', '10', '0x0a000001', '0xa.0.0.1', '1.2.3.4\0', '１.2.3.4', '', '...', '1.2.3.4:80', '::ffff:1.2.3.4',
];

function random(): string {
  const parts: string[] = [];
  const n = Math.random() < 0.7 ? 4 : 1 + Math.floor(Math.random() * 5);
  for (let i = 0; i < n; i++) {
    const r = Math.random();
    parts.push(r < 0.6 ? String(Math.floor(Math.random() * 300)) : r < 0.8 ? `0${Math.floor(Math.random() * 30)}` : ['', 'x', '-1', '1e2', '08'][Math.floor(Math.random() * 5)]);
  }
  return parts.join('.');
}

test('a dotted quad is taken exactly when net.isIPv4 takes it, with its bytes', () => {
  const cases = [...tricky, ...Array.from({ length: 5000 }, random)];
  let taken = 0;
  for (const text of cases) {
    let got: ReturnType<typeof parseAddress> | undefined;
    try { got = parseAddress(text); } catch { got = undefined; }
    if (isIPv4(text)) {
      taken++;
      expect({ text, family: got?.family, bytes: [...(got?.bytes ?? [])], canonical: got?.text })
        .toEqual({ text, family: 4, bytes: text.split('.').map(Number), canonical: text });
    } else {
      // Anything else is IPv6 or refused, as with net.isIPv4 in front of ipaddr.js.
      expect({ text, family: got?.family }).toEqual({ text, family: got === undefined ? undefined : 6 });
    }
  }
  expect(taken).toBeGreaterThan(100);
});

test('a network prefix is refused exactly when a host bit beyond its length is set (IPv4 and IPv6)', () => {
  const hostBits = (bytes: number[], len: number): boolean => bytes.some((b, i) => (b & (0xff >> Math.max(0, Math.min(8, len - i * 8)))) !== 0 && len < (i + 1) * 8);
  for (let n = 0; n < 3000; n++) {
    const v6 = n % 3 === 0;
    const bytes = Array.from({ length: v6 ? 16 : 4 }, () => (Math.random() < 0.5 ? 0 : Math.floor(Math.random() * 256)));
    const len = Math.floor(Math.random() * (bytes.length * 8 + 1));
    const text = v6 ? bytes.reduce<string[]>((a, b, i) => (i % 2 ? [...a.slice(0, -1), a[a.length - 1] + b.toString(16).padStart(2, '0')] : [...a, b.toString(16).padStart(2, '0')]), []).join(':') : bytes.join('.');
    const accepted = (() => { try { parsePrefix(`${text}/${len}`, 'p', { requireNetwork: true }); return true; } catch { return false; } })();
    expect({ text, len, accepted }).toEqual({ text, len, accepted: !hostBits(bytes, len) });
  }
});
