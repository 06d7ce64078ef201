// Traffic over a veth pair between two namespaces made here, after addresses are added: ping from
// `ip netns exec` (iputils-ping; CI installs it), IPv4 and IPv6.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { nameOf, withNamespaces } from '../helpers';

const execFileP = promisify(execFile);

test('ping passes over a veth pair once both ends have addresses and are up', async () => {
  await withNamespaces(2, async (a, b) => {
    await a.links.add({ kind: 'veth', name: 'va', peer: { name: 'vb', namespace: b } });
    await a.addresses.add('va', '10.77.0.1/24');
    await b.addresses.add('vb', '10.77.0.2/24');
    await a.addresses.add('va', 'fd00:77::1/64', { nodad: true });
    await b.addresses.add('vb', 'fd00:77::2/64', { nodad: true });
    // Before the links are up nothing passes: the test can fail.
    await expect(execFileP('ip', ['netns', 'exec', nameOf(a), 'ping', '-c', '1', '-W', '1', '10.77.0.2'])).rejects.toThrow();
    await a.links.set('va', { up: true });
    await b.links.set('vb', { up: true });
    const v4 = await execFileP('ip', ['netns', 'exec', nameOf(a), 'ping', '-c', '3', '-i', '0.2', '-W', '2', '10.77.0.2']);
    expect(v4.stdout).toMatch(/3 packets transmitted, 3 received/);
    const v6 = await execFileP('ip', ['netns', 'exec', nameOf(b), 'ping', '-6', '-c', '2', '-i', '0.2', '-W', '2', 'fd00:77::1']);
    expect(v6.stdout).toMatch(/2 packets transmitted, 2 received/);
    // The 64-bit counters saw the packets, and equal what `ip -s` reads. Down first: nothing moves
    // between the two reads (the peer down too, so it sends nothing more either).
    await b.links.set('vb', { up: false });
    await a.links.set('va', { up: false });
    const va = await a.links.get('va');
    expect(va.stats!.txPackets).toBeGreaterThanOrEqual(5);
    expect(va.stats!.rxBytes).toBeGreaterThan(0);
    const [shown] = JSON.parse((await execFileP('ip', ['-s', '-s', '-j', '-n', nameOf(a), 'link', 'show', 'va'])).stdout);
    const { rx, tx } = shown.stats64;
    expect(va.stats).toMatchObject({
      rxBytes: rx.bytes, rxPackets: rx.packets, rxErrors: rx.errors, rxDropped: rx.dropped, multicast: rx.multicast,
      txBytes: tx.bytes, txPackets: tx.packets, txErrors: tx.errors, txDropped: tx.dropped, collisions: tx.collisions,
    });
    expect(va).toMatchObject({ address: shown.address, broadcast: shown.broadcast });
    expect(va.broadcast).toBe('ff:ff:ff:ff:ff:ff');
  });
});
