// MonitorEvent is a union on `object`, checked by the compiler (ts-jest type-checks this file: a
// line marked @ts-expect-error that compiles fails the suite): `if (ev.object === 'route')`
// narrows ev.value to Route, 'event' listeners get the union, MonitorEvent<'link'> is one member.
// At run time, the same narrowing on events decoded from real messages.
import { eventDecoders } from '../../lib/codecs/monitor-decoders';
import { MessageWriter } from '../../lib/codecs/writer';
import { RTM } from '../../lib/uapi/rtnetlink';
import type { Address, Link, Monitor, MonitorEvent, Route } from '../../lib';

/** What a consumer's switch reads from each kind of event: only typed reads, no casts. */
function describe1(ev: MonitorEvent): string {
  if (ev.object === 'route') {
    const r: Route = ev.value;
    const dev: string | undefined = ev.value.dev;
    // @ts-expect-error a Route has no `link` (that is an Address's)
    void ev.value.link;
    return `route ${r.dst} dev ${dev}`;
  }
  if (ev.object === 'address') {
    const a: Address = ev.value;
    // @ts-expect-error an address event's value is no Route
    const wrong: Route = ev.value;
    void wrong;
    return `address ${a.cidr} link ${a.link}`;
  }
  if (ev.object === 'nsid') return `nsid ${ev.value.nsid}`;
  // @ts-expect-error without narrowing, value is the union: no `dst` on every member
  void ev.value.dst;
  return ev.object;
}

test('ev.object narrows ev.value; MonitorEvent<O> is one member', () => {
  const linkEvent: MonitorEvent<'link'> = { type: 'new', object: 'link', value: {} as Link };
  const l: Link = linkEvent.value;
  void l;
  // @ts-expect-error a link event's object is 'link'
  const bad: MonitorEvent<'link'> = { type: 'new', object: 'route', value: {} as Link };
  void bad;
  // The listener of 'event' gets the union, so the same narrowing works there.
  const listen = (mon: Monitor): void => {
    mon.on('event', (ev) => {
      if (ev.object === 'route') { const r: Route = ev.value; void r; }
    });
  };
  void listen;
  expect(describe1({ type: 'new', object: 'nsid', value: { nsid: 3 } })).toBe('nsid 3');
});

test('decoded events carry the object that matches their value', () => {
  const w = new MessageWriter();
  // RTM_NEWROUTE: IPv4 10.1.0.0/16 in table main, RTA_DST and RTA_OIF 7
  const start = w.begin(RTM.NEWROUTE, 0);
  w.u8(2).u8(16).u8(0).u8(0).u8(254).u8(3).u8(0).u8(1).u32(0);
  w.attrBytes(1, Buffer.from([10, 1, 0, 0]));
  w.attrU32(4, 7);
  w.end(start);
  const msg = w.toBuffer();
  const d = eventDecoders.get(RTM.NEWROUTE)!;
  const decoded = d.decode(msg, 0, msg.length, new Map([[7, 'eth7']]));
  const ev = { type: d.type, ...decoded! };
  expect(describe1(ev)).toBe('route 10.1.0.0/16 dev eth7');
});
