// The little address arithmetic the plugin needs (gateways, overlap), on the bytes lib/specs/ip parses.
import ipaddr from 'ipaddr.js';
import { parsePrefix, type ParsedPrefix } from '../specs/ip';

/** 'a.b.c.d/n' or 'x::y/n' with its host bits kept (an interface address); throws a TypeError/RangeError. */
export const parseCidr = (text: unknown, field: string): ParsedPrefix => parsePrefix(text, field);

/** Canonical text of address bytes (RFC 5952 for IPv6), as Go's net.IP.String() prints them. */
export function ipText(bytes: Uint8Array): string {
  return ipaddr.fromByteArray(Array.from(bytes)).toString();
}

/** The prefix's network address with the host bits cleared. */
export function networkBytes(p: ParsedPrefix): Buffer {
  const out = Buffer.from(p.bytes);
  for (let bit = p.prefixLength; bit < out.length * 8; bit++) out[bit >> 3] &= ~(0x80 >> (bit & 7));
  return out;
}

/** The first address after the network address: the gateway the reference plugin computes when IPAM gives none. */
export function firstHost(p: ParsedPrefix): string {
  const out = networkBytes(p);
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = (out[i] + 1) & 0xff;
    if (out[i] !== 0) break;  // no carry into the next byte
  }
  return ipText(out);
}

/** 'network/len' of an interface address. */
export const networkCidr = (p: ParsedPrefix): string => `${ipText(networkBytes(p))}/${p.prefixLength}`;

/** Does prefix p contain address bytes? (Go's IPNet.Contains: same family, same network bits.) */
export function contains(p: ParsedPrefix, bytes: Uint8Array): boolean {
  if (bytes.length !== p.bytes.length) return false;
  const net = networkBytes(p);
  const other = networkBytes({ ...p, bytes: Buffer.from(bytes) });
  return net.equals(other);
}
