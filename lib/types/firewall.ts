// Public shapes of ns.firewall (nftables in the namespace).

/**
 * A ruleset in nft's JSON schema (libnftables-json(5)): `{ nftables: [ { add: {...} }, ... ] }` to
 * apply, and the shape `list()` returns (`nft -j list ruleset`): metainfo, then tables, chains,
 * sets, rules... as objects keyed by their kind.
 */
export interface NftRuleset {
  /** The commands (to apply) or the objects (listed), in order. */
  nftables: Array<Record<string, unknown>>;
}

/** The nftables families a table can belong to. */
export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

/** A table, named as `nft delete table FAMILY NAME` names it. */
export interface NftTableRef {
  /** The table's family. */
  family: NftFamily;
  /** The table's name. */
  table: string;
}
