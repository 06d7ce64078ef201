// Each field is checked once: the schema's check parses the value and the encoder uses what it
// returned, rather than parsing the text again.
import * as ip from '../../lib/specs/ip';
import * as names from '../../lib/codecs/iproute2-names';
import { parseRuleSpec } from '../../lib/specs/rule';
import { parseNexthopSpec } from '../../lib/specs/nexthop';
import { parseNeighborSpec } from '../../lib/specs/neighbor';
import { parseFdbSpec } from '../../lib/specs/fdb';
import { routeFilterSchema } from '../../lib/specs/route';
import { validateAddressOptions } from '../../lib/specs/address';

const calls = (fn: () => unknown): Record<string, number> => {
  const spies = { parsePrefix: jest.spyOn(ip, 'parsePrefix'), parseTable: jest.spyOn(names, 'parseTable'), parseProtocol: jest.spyOn(names, 'parseProtocol') };
  try {
    fn();
    return Object.fromEntries(Object.entries(spies).map(([k, s]) => [k, s.mock.calls.length]));
  } finally {
    for (const s of Object.values(spies)) s.mockRestore();
  }
};

test('rule: from, to, table and protocol are parsed once each', () => {
  let m: ReturnType<typeof parseRuleSpec> | undefined;
  const counts = calls(() => { m = parseRuleSpec({ from: '10.1.0.0/16', to: '10.2.0.0/16', table: 'main', protocol: 'static' }, 'add'); });
  expect(counts).toEqual({ parsePrefix: 2, parseTable: 1, parseProtocol: 1 });
  expect(m).toMatchObject({ srcLen: 16, dstLen: 16, table: 254, protocol: 4, src: Buffer.from([10, 1, 0, 0]), dst: Buffer.from([10, 2, 0, 0]) });
});

test('rule: a prefix of the other family than rule.family is still refused', () => {
  expect(() => parseRuleSpec({ family: 6, from: '10.1.0.0/16' }, 'add')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  expect(() => parseRuleSpec({ from: '10.1.0.0/16', to: '2001:db8::/32' }, 'add')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
});

test('nexthop: via and protocol are parsed once each', () => {
  const spies = { parseAddress: jest.spyOn(ip, 'parseAddress'), parseProtocol: jest.spyOn(names, 'parseProtocol') };
  try {
    const out = parseNexthopSpec({ id: 1, via: '10.0.0.1', protocol: 'static' });
    expect([spies.parseAddress.mock.calls.length, spies.parseProtocol.mock.calls.length]).toEqual([1, 1]);
    expect(out).toMatchObject({ protocol: 4, gateway: { family: 4, bytes: Buffer.from([10, 0, 0, 1]) } });
  } finally {
    for (const s of Object.values(spies)) s.mockRestore();
  }
  expect(() => parseNexthopSpec({ id: 1, family: 6, via: '10.0.0.1' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
});

test('neighbour address and lladdr, fdb lladdr and dst: parsed once each', () => {
  const spies = { parseAddress: jest.spyOn(ip, 'parseAddress'), parseMac: jest.spyOn(ip, 'parseMac') };
  try {
    const n = parseNeighborSpec({ dev: 'v1', address: '10.0.0.2', lladdr: '02:00:00:00:00:02' }, 'add');
    const f = parseFdbSpec({ dev: 'vx0', lladdr: '02:00:00:00:00:0A', dst: '10.0.0.3' });
    expect([spies.parseAddress.mock.calls.length, spies.parseMac.mock.calls.length]).toEqual([2, 2]);
    expect(n).toMatchObject({ address: '10.0.0.2', msg: { dst: Buffer.from([10, 0, 0, 2]), lladdr: Buffer.from([2, 0, 0, 0, 0, 2]) } });
    expect(f).toMatchObject({ lladdr: '02:00:00:00:00:0a', msg: { lladdr: Buffer.from([2, 0, 0, 0, 0, 10]), dst: { bytes: Buffer.from([10, 0, 0, 3]) } } });
  } finally {
    for (const s of Object.values(spies)) s.mockRestore();
  }
});

test('routes.list filter: table, protocol and type are numbers once checked', () => {
  const f = routeFilterSchema.parse({ table: 'main', protocol: 'static', type: 'unicast' }, 'filter');
  expect({ ...f }).toEqual({ table: 254, protocol: 4, type: 1 });
  expect(routeFilterSchema.parse({ table: 'all' }, 'filter').table).toBe(0);
});

test('addresses.add options: scope and broadcast are parsed once each', () => {
  const p = ip.parsePrefix('10.0.0.1/24', 'cidr');
  const spies = { parseAddress: jest.spyOn(ip, 'parseAddress'), parsePrefix: jest.spyOn(ip, 'parsePrefix'), parseScope: jest.spyOn(names, 'parseScope') };
  try {
    const o = validateAddressOptions({ scope: 'link', broadcast: '10.0.0.255' }, p, 'v1');
    expect(Object.fromEntries(Object.entries(spies).map(([k, s]) => [k, s.mock.calls.length]))).toEqual({ parseAddress: 1, parsePrefix: 0, parseScope: 1 });
    expect(o).toMatchObject({ scope: 253, broadcast: { bytes: Buffer.from([10, 0, 0, 255]), prefixLength: 32 } });
  } finally {
    for (const s of Object.values(spies)) s.mockRestore();
  }
  expect(() => validateAddressOptions({ broadcast: '10.0.0.255' }, ip.parsePrefix('2001:db8::1/64', 'cidr'), 'v1')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
});
