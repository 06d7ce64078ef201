// NSIDs: the number one namespace uses for another (RTM_GETNSID / RTM_NEWNSID, net_namespace.h).
import { NETNSA_FD, NETNSA_NSID, NETNSA_NSID_NOT_ASSIGNED } from '../uapi/net_namespace';
import { RTM } from '../uapi/rtnetlink';
import { AF_UNSPEC } from '../uapi/socket';
import type { NetlinkConnection } from '../transport/connection';
import { forEachAttr, readI32 } from '../codecs/reader';
import { NetlinkError } from '../errors';

function writeRtgen(w: { u8(v: number): unknown; zeros(n: number): unknown }): void {
  w.u8(AF_UNSPEC);
  w.zeros(3);  // struct rtgenmsg, padded to 4 bytes
}

/** NSID of the namespace behind targetFd as seen from conn's namespace; undefined if none is set. */
export async function getNsid(conn: NetlinkConnection, targetFd: number): Promise<number | undefined> {
  let nsid: number | undefined;
  await conn.request({
    type: RTM.GETNSID,
    encode: (w) => { writeRtgen(w); w.attrU32(NETNSA_FD, targetFd); },
    onMessage: (buf, off, len) => {
      forEachAttr(buf, off + 20, off + len, (type, a, l) => { if (type === NETNSA_NSID) nsid = readI32(buf, a, l); });
    },
  });
  return nsid === undefined || nsid === NETNSA_NSID_NOT_ASSIGNED ? undefined : nsid;
}

/** Like `ip netns set NAME auto` (nsid undefined) or `ip netns set NAME N`. */
export async function setNsid(conn: NetlinkConnection, targetFd: number, nsid?: number): Promise<void> {
  await conn.request({
    type: RTM.NEWNSID,
    encode: (w) => {
      writeRtgen(w);
      w.attrU32(NETNSA_FD, targetFd);
      w.attrI32(NETNSA_NSID, nsid ?? NETNSA_NSID_NOT_ASSIGNED);
    },
  });
}

/** The NSID, assigning one first if none is set. */
export async function ensureNsid(conn: NetlinkConnection, targetFd: number): Promise<number> {
  const existing = await getNsid(conn, targetFd);
  if (existing !== undefined) return existing;
  try {
    await setNsid(conn, targetFd);
  } catch (err) {
    // Someone assigned one at the same time: theirs is as good as ours.
    if (!(err instanceof NetlinkError && err.code === 'EEXIST')) throw err;
  }
  const assigned = await getNsid(conn, targetFd);
  if (assigned === undefined) throw new NetlinkError(2, 'RTM_GETNSID', { message: 'no NSID after assigning one' });
  return assigned;
}
