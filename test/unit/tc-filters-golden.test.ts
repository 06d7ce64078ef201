// Filter requests byte for byte against tc (iproute2 6.1, test/fixtures/golden/tc-filters.json,
// captured by scripts/capture-golden-tc-filters.js), and their decoding.
import { NLM_F_CREATE, NLM_F_EXCL } from '../../lib/uapi/netlink';
import { RTM } from '../../lib/uapi/rtnetlink';
import { capture, captures, encodeRequest, expectSameAsCapture } from '../golden';
import { parseFilterDelete, parseFilterSpec } from '../../lib/specs/tc-filter';
import { decodeFilter, writeFilterMessage } from '../../lib/codecs/tc-filters';
import type { FilterDeleteSpec, FilterSpec } from '../../lib/types/tc-filter';

type Op = 'add' | 'replace' | 'delete';
const FLAGS: Record<Op, number> = { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE, delete: 0 };

function build(id: string, op: Op, spec: FilterSpec | FilterDeleteSpec): Buffer {
  const links = capture('tc-filters', id).links;
  const f = op === 'delete' ? parseFilterDelete(spec) : parseFilterSpec(spec);
  const ifindex = (ref: string | number): number => (typeof ref === 'number' ? ref : links[ref]);
  return encodeRequest(op === 'delete' ? RTM.DELTFILTER : RTM.NEWTFILTER, FLAGS[op], (w) => writeFilterMessage(w, f, ifindex));
}

const redirect = { kind: 'mirred', action: 'egress redirect', dev: 'ifb0' } as const;
const cases: Array<[string, Op, FilterSpec | FilterDeleteSpec]> = [
  ['matchall-redirect', 'add', { dev: 'v0', parent: 'ffff:', protocol: 'all', kind: 'matchall', actions: [redirect] }],
  ['matchall-ingress-mirror-prio-classid', 'add', {
    dev: 'v0', parent: 'ffff:', protocol: 'ip', prio: 2, kind: 'matchall', classid: '1:1',
    actions: [{ kind: 'mirred', action: 'ingress mirror', dev: 'ifb0' }],
  }],
  ['u32-all-redirect', 'add', {
    dev: 'v0', parent: 'ffff:', protocol: 'all', prio: 1, kind: 'u32', match: [{ u32: 0, mask: 0, at: 0 }], classid: '1:1', actions: [redirect],
  }],
  ['u32-ip-src', 'add', { dev: 'v1', parent: '1:', protocol: 'ip', prio: 1, kind: 'u32', match: [{ src: '10.0.0.0/24' }], classid: '1:10' }],
  ['u32-ip-dst-dport', 'add', {
    dev: 'v1', parent: '1:', protocol: 'ip', prio: 2, kind: 'u32', match: [{ dst: '10.0.0.2/32' }, { dport: 80, mask: 0xffff }], classid: '1:20',
  }],
  ['u32-ip-sport-u32-at', 'add', {
    dev: 'v1', parent: '1:', protocol: 'ip', prio: 3, kind: 'u32', match: [{ sport: 5000 }, { u32: 0x00060000, mask: 0x00ff0000, at: 8 }], classid: '1:30',
  }],
  ['u32-police-drop', 'add', {
    dev: 'v0', parent: 'ffff:', protocol: 'ip', prio: 3, kind: 'u32', match: [{ src: '10.0.0.0/24' }],
    actions: [{ kind: 'police', rate: '1mbit', burst: '10k', exceed: 'drop' }],
  }],
  ['u32-police-conform-exceed', 'add', {
    dev: 'v0', parent: 'ffff:', protocol: 'ip', prio: 4, kind: 'u32', match: [{ u32: 0, mask: 0, at: 0 }],
    actions: [{ kind: 'police', rate: '10mbit', burst: '64kb', mtu: '64kb', exceed: 'drop', conform: 'pipe' }, redirect],
  }],
  ['u32-gact-drop', 'add', { dev: 'v0', parent: 'ffff:', protocol: 'ip', prio: 5, kind: 'u32', match: [{ dport: 22 }], actions: [{ kind: 'gact', action: 'drop' }] }],
  ['u32-gact-pass', 'add', { dev: 'v0', parent: 'ffff:', protocol: 'ip', prio: 6, kind: 'u32', match: [{ dport: 23 }], actions: [{ kind: 'gact', action: 'pass' }] }],
  ['bpf-obj-da', 'add', { dev: 'v1', parent: 'ingress', kind: 'bpf', fd: 6, name: 'cls.o:[classifier]', directAction: true }],
  ['bpf-obj-classid', 'add', { dev: 'v1', parent: 'egress', prio: 7, kind: 'bpf', fd: 6, name: 'cls.o:[classifier]', classid: '1:5' }],
  ['u32-replace', 'replace', {
    dev: 'v1', parent: '1:', protocol: 'ip', prio: 1, handle: '800::800', kind: 'u32', match: [{ src: '10.0.1.0/24' }], classid: '1:10',
  }],
  ['filter-del-prio', 'delete', { dev: 'v1', parent: '1:', protocol: 'ip', prio: 2 }],
  ['filter-del-handle', 'delete', { dev: 'v1', parent: '1:', protocol: 'ip', prio: 3, handle: '802::800', kind: 'u32' }],
];

test.each(cases)('%s equals what tc sends', (id, op, spec) => {
  expectSameAsCapture(build(id, op, spec), capture('tc-filters', id));
});

test('every tc filter capture is covered', () => {
  const covered = new Set(cases.map((c) => c[0]));
  expect(captures('tc-filters').map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
});

const decoded = (id: string) => {
  const b = Buffer.from(capture('tc-filters', id).request, 'hex');
  return decodeFilter(b, 0, b.length, new Map([[3, 'v0'], [4, 'ifb0'], [2, 'v1']]));
};

test('tc\'s requests decode back to their arguments', () => {
  expect(decoded('u32-ip-dst-dport')).toMatchObject({
    dev: 'v1', parent: '1:', prio: 2, protocol: 'ip', kind: 'u32', classid: '1:20', terminal: true,
    match: [{ value: 0x0a000002, mask: 0xffffffff, at: 16, offmask: 0 }, { value: 80, mask: 0xffff, at: 20, offmask: 0 }],
  });
  expect(decoded('u32-police-conform-exceed').actions).toMatchObject([
    { order: 1, kind: 'police', verdict: 'drop', conform: 'pipe', rate: 1250000, mtu: 65536 },
    { order: 2, kind: 'mirred', action: 'egress redirect', dev: 'ifb0', ifindex: 4, verdict: 'stolen' },
  ]);
  // tc's burst in ticks truncates the microseconds first: 64kb comes back one byte short, as tc prints it
  expect(decoded('u32-police-drop').actions![0]).toMatchObject({ burst: 10240, verdict: 'drop', rate: 125000 });
  expect(decoded('matchall-ingress-mirror-prio-classid')).toMatchObject({
    protocol: 'ip', prio: 2, classid: '1:1', actions: [{ kind: 'mirred', action: 'ingress mirror', verdict: 'pipe' }],
  });
  expect(decoded('bpf-obj-da')).toMatchObject({ parent: 'ffff:fff2', protocol: 'all', name: 'cls.o:[classifier]', directAction: true });
  expect(decoded('u32-gact-pass').actions).toMatchObject([{ kind: 'gact', verdict: 'pass' }]);
  expect(decoded('filter-del-handle')).toMatchObject({ handle: '802::800', handleValue: 0x80200800, kind: 'u32' });
});

test('a truncated filter message is a MalformedMessageError, not an out-of-bounds read', () => {
  const b = Buffer.from(capture('tc-filters', 'u32-ip-src').request, 'hex');
  expect(() => decodeFilter(b, 0, 30, new Map())).toThrow(expect.objectContaining({ code: 'ERR_NETLINK_MALFORMED' }));
  const cut = b.subarray(0, b.length - 8);  // the selector's attribute now runs past the end
  cut.writeUInt32LE(cut.length, 0);
  expect(() => decodeFilter(cut, 0, cut.length, new Map())).toThrow(expect.objectContaining({ code: 'ERR_NETLINK_MALFORMED' }));
});

test.each<[string, unknown, string]>([
  ['unknown kind', { dev: 'v0', parent: 'ffff:', kind: 'flower' }, 'ERR_INVALID_ARG_VALUE'],
  ['no match', { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [] }, 'ERR_INVALID_ARG_VALUE'],
  ['match of nothing known', { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [{ proto: 6 }] }, 'ERR_INVALID_ARG_VALUE'],
  ['IPv6 prefix in an ip match', { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [{ src: '2001:db8::/64' }] }, 'ERR_INVALID_ARG_VALUE'],
  ['unaligned u32 offset', { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [{ u32: 1, mask: 1, at: 2 }] }, 'ERR_INVALID_ARG_VALUE'],
  ['contradicting matches', { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [{ dport: 80 }, { u32: 81, mask: 0xffff, at: 20 }] }, 'ERR_INVALID_ARG_VALUE'],
  ['port too large', { dev: 'v0', parent: 'ffff:', kind: 'u32', match: [{ dport: 70000 }] }, 'ERR_OUT_OF_RANGE'],
  ['bad parent', { dev: 'v0', parent: 'up', kind: 'matchall' }, 'ERR_INVALID_ARG_VALUE'],
  ['bad protocol', { dev: 'v0', parent: 'ffff:', kind: 'matchall', protocol: 'constructor' }, 'ERR_INVALID_ARG_VALUE'],
  ['bad verdict', { dev: 'v0', parent: 'ffff:', kind: 'matchall', actions: [{ kind: 'gact', action: 'explode' }] }, 'ERR_INVALID_ARG_VALUE'],
  ['mirred without dev', { dev: 'v0', parent: 'ffff:', kind: 'matchall', actions: [{ kind: 'mirred', action: 'egress redirect' }] }, 'ERR_INVALID_ARG_TYPE'],
  ['police rate 0', { dev: 'v0', parent: 'ffff:', kind: 'matchall', actions: [{ kind: 'police', rate: 0, burst: '10k' }] }, 'ERR_OUT_OF_RANGE'],
  ['police bad rate text', { dev: 'v0', parent: 'ffff:', kind: 'matchall', actions: [{ kind: 'police', rate: '10 lightyears', burst: '10k' }] }, 'ERR_INVALID_ARG_VALUE'],
  ['unknown action', { dev: 'v0', parent: 'ffff:', kind: 'matchall', actions: [{ kind: 'nat' }] }, 'ERR_INVALID_ARG_VALUE'],
  ['bpf without fd', { dev: 'v0', parent: 'ingress', kind: 'bpf' }, 'ERR_INVALID_ARG_TYPE'],
  ['33 actions', { dev: 'v0', parent: 'ffff:', kind: 'matchall', actions: Array(33).fill({ kind: 'gact', action: 'pass' }) }, 'ERR_OUT_OF_RANGE'],
  ['bad u32 handle', { dev: 'v0', parent: 'ffff:', kind: 'matchall', handle: '1000::' }, 'ERR_OUT_OF_RANGE'],
])('%s is refused before any request', (_what, spec, code) => {
  expect(() => parseFilterSpec(spec)).toThrow(expect.objectContaining({ code }));
});
