// tun/tap: created with TUNSETIFF on /dev/net/tun (the kernel refuses to create them over
// rtnetlink) and made persistent; deleted with RTM_DELLINK like any device. Read back, the
// kernel's kind is 'tun' for both, with info.type 'tun' or 'tap' (as `ip -d link` shows).
import { native } from '../native';
import { invalidArgValue } from '../errors';
import { defineKind, type CheckedSpec } from './registry';
import { bool as isBool, int } from '../specs/schema';
import { bool, decodeFields, named, u32, u8, type FieldTable } from './decode';

// linux/if_tun.h
const IFF_TUN = 0x0001;
const IFF_TAP = 0x0002;
const IFF_NO_PI = 0x1000;
const IFF_VNET_HDR = 0x4000;
const IFF_MULTI_QUEUE = 0x0100;

const TUN = { OWNER: 1, GROUP: 2, TYPE: 3, PI: 4, VNET_HDR: 5, PERSIST: 6, MULTI_QUEUE: 7, NUM_QUEUES: 8, NUM_DISABLED_QUEUES: 9 } as const;

/** A persistent tun or tap device (ip tuntap add NAME mode tun|tap), made through /dev/net/tun. */
export interface TunSpec {
  /** 'tun' (IP packets) or 'tap' (Ethernet frames). */
  kind: 'tun' | 'tap';
  /** uid allowed to attach (TUNSETOWNER). */
  owner?: number;
  /** gid allowed to attach (TUNSETGROUP). */
  group?: number;
  /** IFF_MULTI_QUEUE. */
  multiQueue?: boolean;
  /** Prepend struct tun_pi to packets (ip tuntap's `pi`); default off. */
  packetInfo?: boolean;
  /** IFF_VNET_HDR. */
  vnetHdr?: boolean;
}

/** A tun/tap device's settings as `ip -d link show` reports them (IFLA_TUN_*). */
export interface TunInfo {
  /** 'tun' or 'tap' (a number when neither). */
  type?: 'tun' | 'tap' | number;
  /** The uid allowed to attach. */
  owner?: number;
  /** The gid allowed to attach. */
  group?: number;
  /** Packets carry struct tun_pi (ip tuntap's pi). */
  packetInfo?: boolean;
  /** Packets carry a virtio-net header (IFF_VNET_HDR). */
  vnetHdr?: boolean;
  /** The device outlives the process that made it. */
  persist?: boolean;
  /** Several queues may attach (IFF_MULTI_QUEUE). */
  multiQueue?: boolean;
  /** Queues attached. */
  numQueues?: number;
  /** Queues attached but disabled. */
  numDisabledQueues?: number;
  /** Attributes without a name, by number. */
  raw?: Record<number, Buffer>;
}

// A tap reads back as kind 'tun' (info.type tells them apart): no 'tap' info.
declare module '../types/link' {
  interface LinkSpecByKind { tun: TunSpec; tap: TunSpec }
  interface LinkInfoByKind { tun: TunInfo }
}

const TYPES: Record<number, 'tun' | 'tap'> = { 1: 'tun', 2: 'tap' };

const fields: FieldTable<TunInfo> = {
  [TUN.OWNER]: ['owner', u32], [TUN.GROUP]: ['group', u32], [TUN.TYPE]: ['type', named(u8, TYPES)],
  [TUN.PI]: ['packetInfo', bool], [TUN.VNET_HDR]: ['vnetHdr', bool], [TUN.PERSIST]: ['persist', bool],
  [TUN.MULTI_QUEUE]: ['multiQueue', bool], [TUN.NUM_QUEUES]: ['numQueues', u32],
  [TUN.NUM_DISABLED_QUEUES]: ['numDisabledQueues', u32],
};

/** The TUNSETIFF flag word for a spec. */
export function tunFlags(spec: CheckedSpec<TunSpec>): number {
  let flags = spec.kind === 'tap' ? IFF_TAP : IFF_TUN;
  if (!spec.packetInfo) flags |= IFF_NO_PI;
  if (spec.vnetHdr) flags |= IFF_VNET_HDR;
  if (spec.multiQueue) flags |= IFF_MULTI_QUEUE;
  return flags;
}

for (const kind of ['tun', 'tap'] as const) {
  defineKind<TunSpec, TunInfo>({
    kind,
    fields: { owner: int(0, 0xfffffffe), group: int(0, 0xfffffffe), multiQueue: isBool, packetInfo: isBool, vnetHdr: isBool },
    validate(spec) {
      // TUNSETIFF numbers a name with %d (tun%d -> tun0) without telling which: the device made
      // could not be found by its name afterwards, and would be reported as not made.
      if (spec.name.includes('%')) throw invalidArgValue('spec.name', spec.name, `must not contain "%" for ${kind} devices`);
    },
    create: (nsFd, spec) => native.createTun(nsFd, spec.name, tunFlags(spec), spec.owner ?? -1, spec.group ?? -1),
    // Only 'tun' appears in dumps, but decoding is the same for both names.
    decodeData: (buf, start, end) => decodeFields(buf, start, end, fields),
  });
}
