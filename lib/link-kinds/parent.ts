// Kinds stacked on a parent device (macvlan, vlan, ipvlan) name it with IFLA_LINK at the top level.
import type { LinkRef } from '../types/link';
import { IFLA } from '../uapi/if_link';
import type { MessageWriter } from '../codecs/writer';
import type { CheckedSpec, KindEncodeContext } from './registry';

type Stacked = CheckedSpec<{ parent: LinkRef }>;

export const parentRefs = (spec: Stacked): LinkRef[] => [spec.parent];

export function encodeParent(w: MessageWriter, spec: Stacked, ctx: KindEncodeContext): void {
  w.attrU32(IFLA.LINK, ctx.linkIndex(spec.parent));
}
