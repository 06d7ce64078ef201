// Captures a setup's namespaces and compares two setups once the kernel's timers have settled.
import type { Namespace } from '../../../lib';
import { nameOf } from '../../helpers';
import { capture } from './snapshot';
import { diff, normalise, type World } from './normalise';

/** The host and container(s) of one setup as iproute2, sysctl and nft show them now. */
export async function world(host: Namespace, container: Namespace, ...more: Namespace[]): Promise<World> {
  const names = { host: nameOf(host), container: nameOf(container) };
  const [h, c, ...m] = await Promise.all([host, container, ...more].map((ns) => capture(nameOf(ns))));
  const extra = Object.fromEntries(more.map((ns, i) => [`container${i + 2}`, { name: nameOf(ns), state: m[i] }]));
  return { host: h, container: c, names, ...(more.length ? { more: extra } : {}) };
}

const tentative = (w: World) => [w.host, w.container, ...Object.values(w.more ?? {}).map((x) => x.state)]
  .some((s) => JSON.stringify(s.addresses).includes('"tentative":true'));

/**
 * The differences once both setups have settled: DAD, MLD reports and router solicitations run on
 * timers and add neighbour and FDB entries for a few seconds, so a difference counts only if it
 * stays until `ms` have passed. `sides` names a and b in the lines.
 */
export async function settledDiff(a: () => Promise<World>, b: () => Promise<World>, ms = 10_000, sides?: [string, string]):
Promise<{ lines: string[]; plugin: World; typed: World }> {
  const until = Date.now() + ms;
  for (;;) {
    const [plugin, typed] = await Promise.all([a(), b()]);
    const lines = diff(normalise(plugin), normalise(typed), '', sides);
    const busy = tentative(plugin) || tentative(typed);
    if ((!busy && lines.length === 0) || Date.now() > until) return { lines: busy ? ['an address is still tentative', ...lines] : lines, plugin, typed };
    await new Promise((r) => setTimeout(r, 250));
  }
}
