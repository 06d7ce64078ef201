// Rule requests byte for byte against iproute2 6.1 (test/fixtures/golden/rules.json), decoding, validation.
import { NLM_F_CREATE, NLM_F_EXCL } from '../../lib/uapi/netlink';
import { RTM } from '../../lib/uapi/rtnetlink';
import { capture, captures, encodeRequest, expectSameAsCapture } from '../golden';
import { decodeRule, writeRuleMessage } from '../../lib/codecs/rule-codec';
import { parseRuleSpec } from '../../lib/specs/rule';
import type { RuleSpec } from '../../lib/types/rule';
import { MalformedMessageError } from '../../lib/codecs/reader';

const build = (op: 'add' | 'delete', spec: RuleSpec): Buffer => {
  const m = parseRuleSpec(spec, op);
  return encodeRequest(op === 'add' ? RTM.NEWRULE : RTM.DELRULE, op === 'add' ? NLM_F_CREATE | NLM_F_EXCL : 0, (w) => writeRuleMessage(w, m));
};

const cases: Array<[string, 'add' | 'delete', RuleSpec]> = [
  ['rule-add-from', 'add', { priority: 100, from: '10.0.0.0/24', table: 100 }],
  ['rule-add-to', 'add', { priority: 101, to: '10.2.0.0/16', table: 100 }],
  ['rule-add-fwmark', 'add', { priority: 102, fwmark: 0x10, fwmask: 0xff, table: 100 }],
  ['rule-add-iif', 'add', { priority: 103, iif: 'v0', table: 100 }],
  ['rule-add-oif', 'add', { priority: 104, oif: 'v0', table: 100 }],
  ['rule-add-tos', 'add', { priority: 105, tos: 0x10, table: 100 }],
  ['rule-add-blackhole', 'add', { priority: 106, action: 'blackhole' }],
  ['rule-add-unreachable', 'add', { priority: 107, action: 'unreachable' }],
  ['rule-add-prohibit', 'add', { priority: 108, action: 'prohibit' }],
  ['rule-add-goto', 'add', { priority: 109, goto: 200 }],
  ['rule-add-suppress-prefixlength', 'add', { priority: 110, table: 'main', suppressPrefixLength: 0 }],
  ['rule-add-uidrange', 'add', { priority: 111, uidRange: { start: 1000, end: 2000 }, table: 100 }],
  ['rule-add-l3mdev', 'add', { priority: 112, l3mdev: true }],
  ['rule-add-no-priority', 'add', { from: '10.0.1.0/24', table: 100 }],
  ['rule-del', 'delete', { priority: 100 }],
  ['rule6-add-from', 'add', { priority: 100, from: '2001:db8::/64', table: 100 }],
  ['rule6-add-to', 'add', { priority: 101, to: '2001:db8:5::/48', table: 100 }],
  ['rule6-add-fwmark', 'add', { family: 6, priority: 102, fwmark: 0x10, fwmask: 0xff, table: 100 }],
  ['rule6-add-iif', 'add', { family: 6, priority: 103, iif: 'v0', table: 100 }],
  ['rule6-add-unreachable', 'add', { family: 6, priority: 107, action: 'unreachable' }],
  ['rule6-del', 'delete', { family: 6, priority: 100 }],
  ['rule-add-not-from', 'add', { not: true, priority: 120, from: '10.0.0.0/24', table: 100 }],
  ['rule-add-ipproto-dport', 'add', { priority: 121, table: 100, ipProto: 6, dport: 22 }],
  ['rule-add-ipproto-sport-dport-range', 'add', { priority: 122, table: 100, ipProto: 17, sport: { start: 1000, end: 2000 }, dport: 53 }],
  ['rule-add-protocol', 'add', { priority: 123, table: 100, protocol: 'static' }],
  ['rule6-add-not-from', 'add', { not: true, priority: 120, from: '2001:db8::/64', table: 100 }],
  ['rule6-add-ipproto-dport', 'add', { family: 6, priority: 121, table: 100, ipProto: 6, dport: 22 }],
  ['rule6-add-ipproto-sport', 'add', { family: 6, priority: 122, table: 100, ipProto: 17, sport: 5000 }],
];

test.each(cases)('%s equals what ip rule sends', (id, op, spec) => {
  expectSameAsCapture(build(op, spec), capture('rules', id));
});

test('every rule capture is covered', () => {
  const covered = new Set(cases.map((c) => c[0]));
  expect(captures('rules').map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
});

test('the not/ipproto/port captures decode back to their arguments', () => {
  const dec = (id: string) => { const b = Buffer.from(capture('rules', id).request, 'hex'); return decodeRule(b, 0, b.length)!; };
  expect(dec('rule-add-not-from')).toMatchObject({ not: true, flags: 2, priority: 120, from: '10.0.0.0/24', table: 100 });
  expect(dec('rule-add-ipproto-dport')).toMatchObject({ ipProto: 6, dport: { start: 22, end: 22 } });
  expect(dec('rule-add-ipproto-dport').sport).toBeUndefined();
  expect(dec('rule-add-ipproto-sport-dport-range')).toMatchObject({ ipProto: 17, sport: { start: 1000, end: 2000 }, dport: { start: 53, end: 53 } });
  expect(dec('rule-add-protocol')).toMatchObject({ protocol: 'static' });
  expect(dec('rule6-add-not-from')).toMatchObject({ family: 6, not: true, from: '2001:db8::/64' });
  expect(dec('rule6-add-ipproto-sport')).toMatchObject({ family: 6, ipProto: 17, sport: { start: 5000, end: 5000 } });
});

test('a table above 255 goes in FRA_TABLE with rtm_table unspec', () => {
  const b = build('add', { priority: 5, table: 1000 });
  expect(b[16 + 4]).toBe(0);
  expect(b.subarray(28).toString('hex')).toContain('08000f00e8030000');
});

test.each<[unknown, string]>([
  [{ from: '10.0.0.1/24' }, 'ERR_INVALID_ARG_VALUE'],
  [{ priority: -1 }, 'ERR_OUT_OF_RANGE'],
  [{ action: 'explode' }, 'ERR_INVALID_ARG_VALUE'],
  [{ action: 'goto' }, 'ERR_INVALID_ARG_VALUE'],
  [{ iif: 'x'.repeat(16) }, 'ERR_OUT_OF_RANGE'],
  [{ uidRange: { start: 10, end: 5 } }, 'ERR_OUT_OF_RANGE'],
  [{ family: 6, from: '10.0.0.0/8' }, 'ERR_INVALID_ARG_VALUE'],
  [{ fwmark: 'x' }, 'ERR_INVALID_ARG_TYPE'],
  [{ tabel: 5 }, 'ERR_INVALID_ARG_VALUE'],
])('rule %j -> %s', (spec, code) => {
  expect(() => parseRuleSpec(spec as RuleSpec, 'add')).toThrow(expect.objectContaining({ code }));
});

test('decodeRule reads selectors and rejects truncated messages', () => {
  const ours = build('add', { priority: 7, from: '10.0.0.0/24', iif: 'v0', fwmark: 3, table: 1000, uidRange: { start: 1, end: 2 } });
  const r = decodeRule(ours, 0, ours.length)!;
  expect(r).toMatchObject({ family: 4, priority: 7, from: '10.0.0.0/24', iif: 'v0', fwmark: 3, table: 1000, action: 'lookup', uidRange: { start: 1, end: 2 } });
  expect(() => decodeRule(ours, 0, 20)).toThrow(MalformedMessageError);
  const cut = Buffer.from(ours);
  cut.writeUInt16LE(200, 28);
  expect(() => decodeRule(cut, 0, cut.length)).toThrow(MalformedMessageError);
});
