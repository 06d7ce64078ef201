// Reading the kernel's answer to a request that failed: an NLMSG_ERROR with a nonzero error, and
// its extended ack (NLM_F_ACK_TLVS) when the kernel sent one. Shared by the connection and the
// batch path, which gets only the error messages of a chunk back from its sender.
import {
  NLMSG_HDRLEN, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS,
} from '../uapi/netlink';
import { messageName } from '../uapi/rtnetlink';
import { NetlinkError, type ExtendedAck } from '../errors';
import { forEachAttr, readString } from '../codecs/reader';

/** The TLVs of an extended ack between start and end; undefined when there are none. */
export function parseAckTlvs(buf: Buffer, start: number, end: number): ExtendedAck | undefined {
  if (start >= end) return undefined;
  const ack: ExtendedAck = {};
  forEachAttr(buf, start, end, (type, off, alen) => {
    if (type === NLMSGERR_ATTR_MSG) ack.message = readString(buf, off, alen);
    else if (type === NLMSGERR_ATTR_OFFS && alen >= 4) ack.offset = buf.readUInt32LE(off);
    else if (type === NLMSGERR_ATTR_MISS_TYPE && alen >= 4) ack.missingType = buf.readUInt32LE(off);
  });
  return ack;
}

/** The extended ack of the NLMSG_ERROR message at p (len bytes, nlmsg_flags flags). */
export function extendedAck(buf: Buffer, p: number, len: number, flags: number): ExtendedAck | undefined {
  if (!(flags & NLM_F_ACK_TLVS)) return undefined;
  // struct nlmsgerr: int error; struct nlmsghdr msg; then the request's payload unless capped.
  const inner = p + NLMSG_HDRLEN + 4;
  if (inner + NLMSG_HDRLEN > p + len) return undefined;
  const innerLen = flags & NLM_F_CAPPED ? NLMSG_HDRLEN : buf.readUInt32LE(inner);
  return parseAckTlvs(buf, inner + ((innerLen + 3) & ~3), p + len);
}

/** The NetlinkError an NLMSG_ERROR at p reports for a request of message type `type`. */
export function ackError(buf: Buffer, p: number, len: number, type: number, context: string | undefined): NetlinkError {
  const error = -buf.readInt32LE(p + NLMSG_HDRLEN);
  return new NetlinkError(error, messageName(type), extendedAck(buf, p, len, buf.readUInt16LE(p + 6)), context);
}
