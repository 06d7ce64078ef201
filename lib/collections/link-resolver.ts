// Device names to ifindexes for requests that name devices. Lookups of the same name that are in
// flight at the same time share one RTM_GETLINK (10 000 concurrent route adds via "v0" cost one
// lookup, not 10 000); nothing is cached after a lookup completes, so a renamed device is never
// resolved from stale data.
import type { LinkRef } from '../types/link';

export class LinkResolver {
  private readonly inFlight = new Map<string, Promise<number>>();

  /** lookup: one RTM_GETLINK for a name's index, on the connection the resolver serves. */
  constructor(private readonly lookup: (name: string) => Promise<number>) {}

  index(ref: LinkRef): number | Promise<number> {
    if (typeof ref === 'number') return ref;
    let p = this.inFlight.get(ref);
    if (!p) {
      p = this.lookup(ref);
      this.inFlight.set(ref, p);
      const forget = (): void => { this.inFlight.delete(ref); };
      p.then(forget, forget);
    }
    return p;
  }

  /** Resolves every ref; synchronous (no promise) when all are indexes already. */
  all(refs: readonly LinkRef[]): Map<LinkRef, number> | Promise<Map<LinkRef, number>> {
    const out = new Map<LinkRef, number>();
    const waits: Array<Promise<void>> = [];
    for (const ref of refs) {
      const i = this.index(ref);
      if (typeof i === 'number') out.set(ref, i);
      else waits.push(i.then((n) => { out.set(ref, n); }));
    }
    return waits.length === 0 ? out : Promise.all(waits).then(() => out);
  }
}
