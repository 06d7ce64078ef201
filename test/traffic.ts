// What tests of real traffic between namespaces read: datagrams that come (or do not) and the
// whole of a TCP stream. Interface counters: rxPackets of scripts/demo-topology.ts.
import type { Socket as UdpSocket } from 'node:dgram';
import type { Socket } from 'node:net';

/** The next datagram's text, or undefined when none comes within ms (negative checks wait this long). */
export function nextMessage(socket: UdpSocket, ms: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { socket.off('message', on); resolve(undefined); }, ms);
    const on = (m: Buffer): void => { clearTimeout(timer); resolve(m.toString()); };
    socket.once('message', on);
  });
}

/** Everything the peer sends until it ends the stream. */
export async function readAll(socket: Socket): Promise<string> {
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => { data += d; });
  await new Promise((r) => socket.on('end', r));
  return data;
}
