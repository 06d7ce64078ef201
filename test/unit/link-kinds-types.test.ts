// Typed link kinds, checked by the compiler (ts-jest type-checks this file: a line expected to be
// a type error that compiles fails the suite, as does a typed read that does not): Link narrows
// on kind, a kind's hooks read their spec typed, a decode table names only fields of the kind's
// info. And at run time: every defined kind has its info in the Link union, and one table holds
// the 802.1Q/802.1ad protocols.
import fs from 'node:fs';
import path from 'node:path';
import { captures } from '../golden';
import { knownKinds, type KindDefinition } from '../../lib/link-kinds';
import { decodeLink, writeIfInfo } from '../../lib/codecs/link-codec';
import { MessageWriter } from '../../lib/codecs/writer';
import { IFLA, IFLA_INFO } from '../../lib/uapi/if_link';
import { RTM } from '../../lib/uapi/rtnetlink';
import { decodeFields, u32, type FieldTable } from '../../lib/link-kinds/decode';
import { int, linkRef, required, text } from '../../lib/specs/schema';
import type { KindRawInfo, Link, LinkInfoByKind, TypedLinkKind, VxlanInfo } from '../../lib';

function decodedCapture(id: string): Link {
  const c = captures('links').find((x) => x.id === id);
  if (!c) throw new Error(`no links capture ${id}`);
  const b = Buffer.from(c.request, 'hex');
  return decodeLink(b, 0, b.length);
}

test('link.kind narrows link.info to the kind\'s info', () => {
  const seen: Array<[string | undefined, unknown]> = [];
  for (const l of ['link-add-vxlan-local', 'link-add-vlan-8021ad', 'link-add-macvtap-raw'].map(decodedCapture)) {
    if (l.kind === 'vxlan') {
      const vni: number | undefined = l.info.vni;
      const learning: boolean | undefined = l.info.learning;
      // @ts-expect-error vni is a number
      const wrongType: string | undefined = l.info.vni;
      // @ts-expect-error no kind has a field vnii
      void l.info.vnii;
      void wrongType;
      seen.push([l.kind, { vni, learning }]);
    } else if (l.kind === 'vlan') {
      const protocol: '802.1Q' | '802.1ad' | number | undefined = l.info.protocol;
      // A field of another kind reads as absent, not as unknown.
      const vni: undefined = l.info.vni;
      seen.push([l.kind, { protocol, vni }]);
    } else {
      // A kind this library does not decode: its data is raw.
      const raw: Readonly<Record<number, Buffer>> | undefined = l.info.raw;
      seen.push([l.kind, Object.keys(raw ?? {})]);
    }
  }
  expect(seen).toEqual([
    ['vxlan', { vni: 42, learning: false }],
    ['vlan', { protocol: '802.1ad', vni: undefined }],
    ['macvtap', ['1']],
  ]);
});

test('a Link of any kind still reads every typed field, as before the union', () => {
  const l: Link = decodedCapture('link-add-vxlan-local');
  const vni: number | undefined = l.info.vni;
  const info: VxlanInfo = { vni };
  // @ts-expect-error a name no kind's info has
  void l.info.nonsense;
  expect(info).toEqual({ vni: 42 });
});

// A kind declared with defineKind: its schema must name the spec's fields, and its hooks read
// the spec typed. Declared as values of KindDefinition only: nothing is registered.
interface ToySpec { kind: 'toy'; size: number; label?: string; dev?: string | number }
interface ToyInfo { size?: number; raw?: Record<number, Buffer> }
const toyFields = { size: required(int(0, 9)), label: text(8), dev: linkRef };

test('defineKind: the schema names exactly the spec\'s fields, the hooks read it typed', () => {
  const toy: KindDefinition<ToySpec, ToyInfo> = {
    kind: 'toy',
    fields: toyFields,
    linkRefs: (spec) => (spec.dev === undefined ? [] : [spec.dev]),
    encodeData(w, spec) {
      w.attrU32(1, spec.size);
      // @ts-expect-error label is a string
      w.attrU32(2, spec.label);
      // @ts-expect-error the spec has no field sise
      void spec.sise;
      // The common fields are there too, typed.
      w.attrString(3, spec.name);
    },
    decodeData: (buf, start, end) => decodeFields(buf, start, end, toyTable),
  };
  // @ts-expect-error the schema misses label and dev
  const missing: KindDefinition<ToySpec, ToyInfo> = { kind: 'toy', fields: { size: required(int(0, 9)) } };
  // @ts-expect-error a schema field the spec does not have
  const extra: KindDefinition<ToySpec, ToyInfo> = { kind: 'toy', fields: { ...toyFields, colour: text(8) } };
  // @ts-expect-error the kind must be the spec's
  const otherKind: KindDefinition<ToySpec, ToyInfo> = { kind: 'toys', fields: toyFields };
  expect([toy.kind, missing.kind, extra.kind, otherKind.kind]).toEqual(['toy', 'toy', 'toy', 'toys']);
});

const toyTable: FieldTable<ToyInfo> = { 1: ['size', u32] };
// @ts-expect-error a decode table may name only fields of the kind's info
const badTable: FieldTable<ToyInfo> = { 1: ['sizes', u32] };

test('a decode table names only fields of the info', () => {
  expect(badTable[1][0]).toBe('sizes');
  expect(toyTable[1][0]).toBe('size');
});

test('every defined kind has its info in the Link union (tap reads back as tun)', () => {
  // Typed both ways: a key missing from LinkInfoByKind, or one too many, fails to compile.
  const typed: Record<TypedLinkKind, true> = {
    veth: true, bridge: true, vxlan: true, macvlan: true, ifb: true, dummy: true, wireguard: true, tun: true,
    vrf: true, vlan: true, bond: true, ipvlan: true, gre: true, gretap: true, geneve: true,
  };
  const rawOnly: KindRawInfo = {} satisfies LinkInfoByKind['veth'];
  expect(rawOnly).toEqual({});
  expect(Object.keys(typed).sort()).toEqual(knownKinds().filter((k) => k !== 'tap'));
});

test('one table of VLAN protocols, shared by vlan and bridge', () => {
  const lib = path.join(__dirname, '..', '..', 'lib');
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const holding = files(lib).filter((p) => /0x88a8/i.test(fs.readFileSync(p, 'utf8'))).map((p) => path.relative(lib, p));
  expect(holding).toEqual([path.join('link-kinds', 'vlan-protocols.ts')]);
  // Both read through it: the vlan's protocol and a bridge's vlan_protocol decode to its names.
  expect(decodedCapture('link-add-vlan-8021ad').info.protocol).toBe('802.1ad');
  const w = new MessageWriter();
  const start = w.begin(RTM.NEWLINK, 0);
  writeIfInfo(w, { index: 3 });
  w.attrString(IFLA.IFNAME, 'br0');
  const li = w.beginNested(IFLA.LINKINFO);
  w.attrBytes(IFLA_INFO.KIND, Buffer.from('bridge'));
  const data = w.beginNested(IFLA_INFO.DATA);
  w.attrU16BE(8, 0x88a8);  // IFLA_BR_VLAN_PROTOCOL
  w.endNested(data);
  w.endNested(li);
  w.end(start);
  const msg = w.toBuffer();
  const bridge = decodeLink(msg, 0, msg.length);
  expect(bridge.kind === 'bridge' && bridge.info.vlanProtocol).toBe('802.1ad');
});
