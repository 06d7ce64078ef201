// Every `ip addr` capture in test/fixtures/golden/addresses.json, rebuilt with this library's
// request builders: the bytes must be iproute2's (sequence number and port aside).
import { captures, encodeRequest, expectSameAsCapture, type Capture } from '../golden';
import { parsePrefix } from '../../lib/specs/ip';
import { addrAddRequest, addrDeleteRequest, type AddrRequest } from '../../lib/codecs/addr-codec';
import { validateAddressOptions } from '../../lib/specs/address';
import type { AddressOptions } from '../../lib/types/address';

// Each case goes through the public option validation, as ns.addresses.add would.
function add(cidr: string, options: AddressOptions = {}, replace = false) {
  return (c: Capture): AddrRequest => {
    const p = parsePrefix(cidr, 'cidr');
    return addrAddRequest(c.links.v0, p, validateAddressOptions(options, p, 'v0'), replace);
  };
}
const del = (cidr: string) => (c: Capture): AddrRequest => addrDeleteRequest(c.links.v0, parsePrefix(cidr), cidr.includes('/'));

const cases: Record<string, (c: Capture) => AddrRequest> = {
  'addr-add-v4': add('10.0.0.1/24'),
  'addr-add-v4-brd-label-scope': add('10.0.1.11/24', { broadcast: '10.0.1.255', label: 'v0:1', scope: 'link' }),
  'addr-add-v4-brd-plus': add('10.0.0.12/24', { broadcast: true }),
  'addr-add-v6-nodad-noprefixroute': add('2001:db8::1/64', { nodad: true, noprefixroute: true }),
  'addr-add-v6-lifetimes': add('2001:db8::5/64', { nodad: true, validLifetime: 100, preferredLifetime: 50 }),
  'addr-add-v4-lifetimes': add('10.0.0.13/24', { validLifetime: 100, preferredLifetime: 50 }),
  'addr-replace-v4': add('10.0.0.1/24', {}, true),
  'addr-del-v4': del('10.0.0.1/24'),
  'addr-del-v6': del('2001:db8::5/64'),
};

test('every addresses capture has a case here, and every case a capture', () => {
  expect(Object.keys(cases).sort()).toEqual(captures('addresses').map((c) => c.id).sort());
});

describe.each(captures('addresses').map((c) => [c.id, c] as const))('%s', (id, c) => {
  test(`matches \`ip ${c.argv.join(' ')}\``, () => {
    const req = cases[id](c);
    expectSameAsCapture(encodeRequest(req.type, req.flags, req.encode), c);
  });
});

test('an IPv4 delete without a prefix length leaves out IFA_ADDRESS, as ip does', () => {
  const req = addrDeleteRequest(3, parsePrefix('10.0.0.1'), false);
  const bytes = encodeRequest(req.type, req.flags, req.encode);
  // nlmsghdr 16 + ifaddrmsg 8 + IFA_LOCAL 8, nothing more.
  expect(bytes.length).toBe(32);
  expect(bytes.readUInt16LE(26)).toBe(2 /* IFA_LOCAL */);
});

test('scope: names and numbers as ip takes them; inherited object keys are not scope names', () => {
  const p = parsePrefix('10.0.0.1/24');
  expect(validateAddressOptions({ scope: 'link' }, p, 'v0').scope).toBe(253);
  expect(validateAddressOptions({ scope: 'universe' }, p, 'v0').scope).toBe(0);
  expect(validateAddressOptions({ scope: 200 }, p, 'v0').scope).toBe(200);
  for (const bad of ['constructor', 'toString', 'galaxy']) {
    expect(() => validateAddressOptions({ scope: bad as never }, p, 'v0')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  }
});
