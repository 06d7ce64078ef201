// The validation table's rows for ns.firewall's helpers (validation-table.test.ts spreads them into
// its TABLE): masquerade, portMap, allow/deny and remove, through the same entry points the methods use.
import { parseFilter, parseMasquerade, parsePortMap, parseRuleRefs } from '../../lib/firewall/helper-options';

const TYPE = 'ERR_INVALID_ARG_TYPE', VALUE = 'ERR_INVALID_ARG_VALUE', RANGE = 'ERR_OUT_OF_RANGE';
type Row = { good: unknown[]; bad: Array<[unknown, string]>; with?: Record<string, unknown> };
type Entry = { parse: (v: unknown) => unknown; base: Record<string, unknown>; rows: Record<string, Row>; orNumber?: true };

const ifName: Row = { good: ['eth0', 'br-lan.10'], bad: [['a"b', VALUE], ['eth*', VALUE], ['a b', VALUE], ['x'.repeat(16), RANGE], [3, TYPE]] };
const prefix: Row = { good: ['10.0.0.0/24', '10.0.0.3', '0.0.0.0/0'], bad: [['10.0.0.1/24', VALUE], ['x', VALUE], [10, TYPE]] };
const port: Row = { good: [1, 65535, { start: 80, end: 90 }], bad: [[0, RANGE], [65536, RANGE], ['80', TYPE], [{ start: 90, end: 80 }, RANGE], [{ start: 80 }, TYPE]] };

export const firewallRows: Record<string, Entry> = {
  'firewall.masquerade options': { parse: (v) => parseMasquerade(v), base: {}, rows: { from: prefix, out: ifName } },
  'firewall.allow|deny options': {
    parse: (v) => parseFilter(v), base: {},
    rows: {
      from: prefix, to: prefix, iif: ifName, oif: ifName,
      protocol: { good: ['tcp', 'udp', 'sctp', 'icmp', 'icmpv6'], bad: [['gre', VALUE], ['constructor', VALUE], [6, TYPE]] },
      port: { ...port, with: { protocol: 'udp' } },
    },
  },
  'firewall.portMap options': {
    parse: (v) => parsePortMap(v), base: { protocol: 'tcp', port: 8080, to: '10.0.0.2:80' },
    rows: {
      protocol: { good: ['tcp', 'udp', 'sctp'], bad: [['icmp', VALUE], [6, TYPE]] }, port,
      to: { good: ['10.0.0.2', '10.0.0.2:1', '[fd00::2]:80', 'fd00::2'], bad: [['10.0.0.2:0', RANGE], ['host:80', VALUE], ['[10.0.0.2]:80', VALUE], [5, TYPE]], with: { from: undefined } },
      dst: { good: ['10.0.0.1'], bad: [['10.0.0.0/24', VALUE], ['fd00::1', VALUE], [1, TYPE]] },
      from: prefix, iif: ifName,
    },
  },
  'firewall.port range': {
    parse: (v) => parseFilter({ protocol: 'tcp', port: v }), base: { start: 1, end: 2 }, orNumber: true,
    rows: { start: { good: [1, 65535], bad: [[0, RANGE], ['1', TYPE]], with: { end: 65535 } }, end: { good: [1, 65535], bad: [[65536, RANGE], [null, TYPE]] } },
  },
  'firewall.remove rule': {
    parse: (v) => parseRuleRefs([v]), base: { family: 'inet', table: 'netns', chain: 'input', handle: 1 },
    rows: {
      family: { good: ['inet'], bad: [['ip', VALUE], [4, TYPE]] }, table: { good: ['netns'], bad: [['filter', VALUE], [1, TYPE]] },
      chain: { good: ['input', 'forward', 'prerouting', 'nat_output', 'postrouting', 'hairpin'], bad: [['output', VALUE], ['input;', VALUE], [1, TYPE]] },
      handle: { good: [1, Number.MAX_SAFE_INTEGER], bad: [[0, RANGE], [1.5, RANGE], ['1', TYPE]] },
    },
  },
};
