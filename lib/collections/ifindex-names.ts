// ifindex -> device name for one namespace, from one RTM_GETLINK dump that reads only IFLA_IFNAME:
// decoded routes, rules and neighbours name their devices without a lookup per object.
import { IFINFOMSG_LEN, IFLA } from '../uapi/if_link';
import { NLM_F_DUMP } from '../uapi/netlink';
import { RTM } from '../uapi/rtnetlink';
import type { NetlinkConnection } from '../transport/connection';
import { readIfIndex, writeIfInfo } from '../codecs/link-codec';
import { forEachAttr, readString } from '../codecs/reader';

export async function linkNames(conn: NetlinkConnection): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  await conn.request({
    type: RTM.GETLINK,
    flags: NLM_F_DUMP,
    encode: (w) => writeIfInfo(w),
    onMessage: (buf, off, len) => {
      const index = readIfIndex(buf, off, len);
      forEachAttr(buf, off + 16 + IFINFOMSG_LEN, off + len, (type, a, l) => {
        if (type === IFLA.IFNAME) names.set(index, readString(buf, a, l));
      });
    },
    onRestart: () => names.clear(),
  });
  return names;
}
