// npm run bench [-- NAME ...]: runs the named benchmarks (all when none is named).
// Each benchmark compares this library with iproute2 in the same run, printing ratios.
import * as cni from './cni';
import * as firewall from './firewall';
import * as firewallHelpers from './firewall-helpers';
import * as links from './links';
import * as linksElsewhere from './links-elsewhere';
import * as namespaces from './namespaces';
import * as peers from './peers';
import * as routes from './routes';
import * as scale from './scale';
import * as sockets from './sockets';
import * as tcFilters from './tc-filters';

const BENCHMARKS: Record<string, (args: string[]) => Promise<void>> = {
  cni: cni.run,
  firewall: firewall.run,
  'firewall-helpers': firewallHelpers.run,
  links: links.run,
  'links-elsewhere': linksElsewhere.run,
  namespaces: namespaces.run,
  peers: peers.run,
  routes: routes.run,
  scale: scale.run,
  sockets: sockets.run,
  'tc-filters': tcFilters.run,
};

async function main(): Promise<void> {
  const available = Object.keys(BENCHMARKS);
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-'));
  const chosen = names.length ? names : available;
  for (const name of chosen) {
    if (!available.includes(name)) throw new Error(`no benchmark "${name}"; have: ${available.join(', ')}`);
  }
  for (const name of chosen) {
    console.log(`\n== ${name} ==`);
    await BENCHMARKS[name](flags);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
