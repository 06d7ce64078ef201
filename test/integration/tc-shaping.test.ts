// A tbf at 1 Mbit/s on a veth holds a TCP transfer between two namespaces to its rate: a
// functional check of the shaping ns.tc sets up (the bytes counted are the receiver's, measured
// over seconds, after the first second's burst), not a timing test of the library.
import type { Socket } from 'node:net';
import { withNamespaces } from '../helpers';

const RATE = 1_000_000;  // bits per second
const WARMUP_MS = 1000, MEASURE_MS = 4000;

test('tbf rate 1mbit holds a TCP transfer to within 15% of 1 Mbit/s', async () => {
  await withNamespaces(2, async (a, b) => {
    await a.links.add({ kind: 'veth', name: 'a0', peer: { name: 'b0', namespace: b } });
    await a.addresses.add('a0', '10.8.0.1/24');
    await b.addresses.add('b0', '10.8.0.2/24');
    await a.links.set('a0', { up: true });
    await b.links.set('b0', { up: true });
    await a.tc.qdiscs.add({ dev: 'a0', parent: 'root', handle: '1:', kind: 'tbf', rate: RATE, burst: '10kb', latency: '50ms' });

    const server = await b.listen({ port: 5001, host: '10.8.0.2' });
    let received = 0;
    const accepted: Socket[] = [];
    server.on('connection', (s: Socket) => { accepted.push(s); s.on('data', (d: Buffer) => { received += d.length; }); s.on('error', () => {}); });
    const client = await a.connect({ port: 5001, host: '10.8.0.2' });
    client.on('error', () => {});
    let sending = true;
    const chunk = Buffer.alloc(64 * 1024);
    const pump = (): void => { while (sending && client.write(chunk)); };
    client.on('drain', pump);
    pump();
    try {
      await new Promise((r) => setTimeout(r, WARMUP_MS));
      const [start, t0] = [received, process.hrtime.bigint()];
      await new Promise((r) => setTimeout(r, MEASURE_MS));
      const [end, t1] = [received, process.hrtime.bigint()];
      const goodput = ((end - start) * 8) / (Number(t1 - t0) / 1e9);
      // The tbf counts whole frames: TCP payload is 1448 of each 1514-byte frame (MSS with timestamps).
      const wire = goodput * 1514 / 1448;
      console.log(`tbf ${RATE} bit/s: TCP payload ${Math.round(goodput)} bit/s, frames ${Math.round(wire)} bit/s`);
      expect(Math.abs(wire - RATE) / RATE).toBeLessThan(0.15);
      expect(Math.abs(goodput - RATE) / RATE).toBeLessThan(0.15);
      // and the qdisc the library lists counted what went through it
      const [q] = await a.tc.qdiscs.list({ dev: 'a0' });
      expect(q.kind).toBe('tbf');
      expect(q.stats.bytes).toBeGreaterThan(end);
    } finally {
      sending = false;
      client.destroy();
      for (const s of accepted) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
}, 30_000);
