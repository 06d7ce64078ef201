// npm run demo: two named namespaces joined by a veth pair, listed as `ip netns list` and
// `ip link` would show them, then removed (also on Ctrl-C).
import { execFileSync } from 'node:child_process';
import { Namespace } from '../lib';

async function main(): Promise<void> {
  const tag = `${process.pid}`;
  const made: Namespace[] = [];
  const cleanup = async (): Promise<void> => {
    for (const ns of made.splice(0)) await ns.delete().catch(() => undefined);
  };
  process.once('SIGINT', () => { void cleanup().then(() => process.exit(130)); });
  try {
    const blue = await Namespace.create(`demo-blue-${tag}`);
    made.push(blue);
    const red = await Namespace.create(`demo-red-${tag}`);
    made.push(red);
    execFileSync('ip', ['-n', blue.name!, 'link', 'add', 'v-blue', 'type', 'veth', 'peer', 'name', 'v-red', 'netns', red.name!]);
    console.log('namespaces:');
    for (const info of await Namespace.list()) {
      if (info.name !== blue.name && info.name !== red.name) continue;
      console.log(`  ${info.name}${info.id === undefined ? '' : ` (id: ${info.id})`}  ${info.path}`);
      const ns = info.name === blue.name ? blue : red;
      for (const l of await ns.links.list()) {
        const peer = l.peerIndex === undefined ? '' : ` peer #${l.peerIndex}${l.namespaceId === undefined ? '' : ` in nsid ${l.namespaceId}`}`;
        console.log(`    ${l.index}: ${l.name}${l.kind ? ` (${l.kind})` : ''} mtu ${l.mtu} ${l.up ? 'UP' : 'DOWN'} ${l.address ?? ''}${peer}`);
      }
    }
  } finally {
    await cleanup();
    console.log('removed both namespaces');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
