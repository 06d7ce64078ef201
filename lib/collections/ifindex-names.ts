// ifindex -> device name for one namespace, from one RTM_GETLINK dump that reads only IFLA_IFNAME:
// decoded routes, rules and neighbours name their devices without a lookup per object.
import { IFINFOMSG_LEN, IFLA } from '../uapi/if_link';
import { NLM_F_DUMP } from '../uapi/netlink';
import { RTM } from '../uapi/rtnetlink';
import type { NetlinkConnection } from '../transport/connection';
import { readIfIndex, writeIfInfo } from '../codecs/link-codec';
import { forEachAttr, readString } from '../codecs/reader';

/** The IFLA_IFNAME of a link message (dump entry or event), into names under its index. */
export function putLinkName(names: Map<number, string>, buf: Buffer, off: number, len: number): void {
  const index = readIfIndex(buf, off, len);
  forEachAttr(buf, off + 16 + IFINFOMSG_LEN, off + len, (type, a, l) => {
    if (type === IFLA.IFNAME) names.set(index, readString(buf, a, l));
  });
}

export async function linkNames(conn: NetlinkConnection): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  await conn.request({
    type: RTM.GETLINK,
    flags: NLM_F_DUMP,
    encode: (w) => writeIfInfo(w),
    onMessage: (buf, off, len) => putLinkName(names, buf, off, len),
    onRestart: () => names.clear(),
  });
  return names;
}
