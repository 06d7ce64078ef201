// ns.bridgeVlans: the VLAN tables of a namespace's bridges and bridge ports (bridge vlan).
import { NLM_F_DUMP } from '../uapi/netlink';
import { RTM } from '../uapi/rtnetlink';
import type { NamespaceContext } from './context';
import { sendWrite, type PreparedWrite, type WriteRequest } from './writes';
import {
  decodeBridgeVlanTable, writeBridgeVlanDump, writeBridgeVlanMessage, type BridgeVlanMessage, type BridgeVlanTable,
} from '../codecs/bridge-vlan-codec';
import { BRIDGE_VLAN_INFO } from '../uapi/if_bridge';
import { bridgeVlanFilterSchema, parseBridgeVlanSpec } from '../specs/bridge-vlan';
import type { BridgeVlan, BridgeVlanFilter, BridgeVlanSpec } from '../types/bridge-vlan';
import type { LinkRef } from '../types/link';

/** bridge vlan add (RTM_SETLINK) or del (RTM_DELLINK): one message naming the device by index. */
class BridgeVlanWrite implements PreparedWrite {
  readonly renames = false;
  readonly refs: readonly LinkRef[];
  constructor(private readonly op: 'add' | 'delete', private readonly dev: LinkRef, private readonly msg: Omit<BridgeVlanMessage, 'ifindex'>) {
    this.refs = [dev];
  }

  request(ifindex: (ref: LinkRef) => number): WriteRequest {
    // The kernel finds an AF_BRIDGE link message's device by ifi_index only (no IFLA_IFNAME).
    const m: BridgeVlanMessage = { ...this.msg, ifindex: ifindex(this.dev) };
    return { type: this.op === 'add' ? RTM.SETLINK : RTM.DELLINK, flags: 0, encode: (w) => writeBridgeVlanMessage(w, m) };
  }

  context(): string {
    const { vid, vidEnd } = this.msg;
    return `(bridge vlan ${vid}${vidEnd === undefined ? '' : `-${vidEnd}`} dev ${this.dev})`;
  }
}

/** bridgeVlans.add/delete as a checked write (also what ns.batch() records). */
export function bridgeVlanWrite(op: 'add' | 'delete', spec: BridgeVlanSpec): PreparedWrite {
  const { dev, msg } = parseBridgeVlanSpec(spec);
  return new BridgeVlanWrite(op, dev, msg);
}

/** The entries of a dump, one per VLAN (of one VLAN id when vid is given), masters by name. */
export function bridgeVlanEntries(tables: BridgeVlanTable[], vid: number | undefined): BridgeVlan[] {
  // The bridges are in the same dump as their ports: their names come from it.
  const names = new Map<number, string>();
  for (const t of tables) names.set(t.index, t.dev);
  const out: BridgeVlan[] = [];
  for (const t of tables) {
    const master = t.master === undefined ? undefined : names.get(t.master) ?? t.master;
    for (const [v, flags] of t.vlans) {
      if (vid !== undefined && v !== vid) continue;
      const e: Record<string, unknown> = { dev: t.dev, index: t.index };
      if (master !== undefined) e.master = master;
      e.vid = v;
      e.pvid = (flags & BRIDGE_VLAN_INFO.PVID) !== 0;
      e.untagged = (flags & BRIDGE_VLAN_INFO.UNTAGGED) !== 0;
      e.flags = flags;
      out.push(e as unknown as BridgeVlan);
    }
  }
  return out;
}

/**
 * The VLAN tables of bridges and their ports (`bridge vlan`); `ns.bridgeVlans`. They need a kernel
 * built with CONFIG_BRIDGE_VLAN_FILTERING, and take effect on a bridge made with
 * `vlanFiltering: true`; a kernel without it refuses add with EOPNOTSUPP.
 */
export class BridgeVlans {
  /** Made by the namespace's `bridgeVlans` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /** Like `bridge vlan add dev DEV vid VID[-VIDEND] [pvid] [untagged] [master] [self]`. */
  add(spec: BridgeVlanSpec): Promise<void> { return sendWrite(this.ns, bridgeVlanWrite, 'add', spec); }
  /** Like `bridge vlan del dev DEV vid VID[-VIDEND] [master] [self]`. */
  delete(spec: BridgeVlanSpec): Promise<void> { return sendWrite(this.ns, bridgeVlanWrite, 'delete', spec); }

  /** One entry per VLAN of every bridge and port (or of one device, or one VLAN id), as `bridge vlan show`. */
  async list(filter: BridgeVlanFilter = {}): Promise<BridgeVlan[]> {
    const f = bridgeVlanFilterSchema.parse(filter, 'filter');
    const dev = f.dev as LinkRef | undefined;
    const conn = this.ns.netlink();
    const tables: BridgeVlanTable[] = [];
    // As bridge does: the kernel dumps every AF_BRIDGE link, the device is picked here. Its
    // lookup goes out with the dump (one round trip) and makes an absent device ENODEV.
    const [index] = await Promise.all([
      dev === undefined ? undefined : this.ns.resolver.index(dev),
      conn.request({
        type: RTM.GETLINK,
        flags: NLM_F_DUMP,
        encode: writeBridgeVlanDump,
        onMessage: (buf, off, len) => { const t = decodeBridgeVlanTable(buf, off, len); if (t) tables.push(t); },
        onRestart: () => { tables.length = 0; },
      }),
    ]);
    const all = bridgeVlanEntries(tables, f.vid as number | undefined);
    return index === undefined ? all : all.filter((e) => e.index === index);
  }
}
