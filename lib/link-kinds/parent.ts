// Kinds stacked on a parent device (macvlan, vlan, ipvlan) name it with IFLA_LINK at the top level.
import type { LinkRef } from '../types/link';
import { IFLA } from '../uapi/if_link';
import type { MessageWriter } from '../codecs/writer';
import type { KindEncodeContext } from './registry';

export const parentRefs = (spec: Record<string, unknown>): LinkRef[] => [spec.parent as LinkRef];

export function encodeParent(w: MessageWriter, spec: Record<string, unknown>, ctx: KindEncodeContext): void {
  w.attrU32(IFLA.LINK, ctx.linkIndex(spec.parent as LinkRef));
}
