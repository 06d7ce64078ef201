// Link.flags as `ip link` prints them (iproute2's print_link_flags): NO-CARRIER first for a link
// that is up without IFF_RUNNING, RUNNING never, bits without a name as one hex string, and M-DOWN
// last when the link's IFLA_LINK parent in its own namespace is down (or unknown to ip).
import { IFF } from '../uapi/if';
import { IFF_NAMES } from './link-attr-names';

export const M_DOWN = 'M-DOWN';

/** The names ip prints for a flag word, without M-DOWN (which needs the parent's flags). */
export function ipFlagNames(flagsValue: number): string[] {
  const names: string[] = [];
  if (flagsValue & IFF.UP && !(flagsValue & IFF.RUNNING)) names.push('NO-CARRIER');
  let rest = flagsValue & ~IFF.RUNNING;
  for (const [bit, name] of IFF_NAMES) {
    if (rest & bit) { names.push(name); rest &= ~bit; }
  }
  if (rest) names.push((rest >>> 0).toString(16));
  return names;
}

/** What decides M-DOWN: a link's parent index and whether that parent lives in another namespace. */
export interface ParentRef { readonly parent?: number; readonly namespaceId?: number; readonly flags: readonly string[] }

/**
 * The index of the parent whose flags decide M-DOWN, or undefined when ip prints none: ip looks
 * only at an IFLA_LINK in the link's own namespace (no IFLA_LINK_NETNSID).
 */
export function parentToCheck(link: ParentRef): number | undefined {
  // Own properties only: a link object inherits from Object.prototype, which may be polluted.
  return Object.hasOwn(link, 'namespaceId') || !Object.hasOwn(link, 'parent') ? undefined : link.parent;
}

/** Adds M-DOWN to link.flags when its parent's flags (undefined: no such link) lack IFF_UP. */
export function markParentDown(link: ParentRef, parentFlags: number | undefined): void {
  if (parentFlags === undefined || !(parentFlags & IFF.UP)) (link.flags as string[]).push(M_DOWN);
}
