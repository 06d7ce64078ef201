// An nftables ruleset (`nft -j list ruleset`) made comparable across namespaces and across the tool
// that wrote it: tables and chains keyed by name (their order is not semantic), rules in chain
// order, handles and counter values dropped. The reference bridge plugin writes through iptables-nft,
// whose rules carry xt expressions that nft cannot create: an xt comment match becomes the rule's
// comment (its text read from iptables-save), an xt MASQUERADE target nft's own masquerade (the
// same action with no options). Every other xt expression is kept, and so differs. netns-cni keeps
// the same chains in a table of its own, netns-cni, compared as nat: iptables-nft refuses a nat table
// holding rules it cannot read (native masquerade), which would break iptables' other users there.

type Obj = Record<string, unknown>;

/** The text of each rule's xt comment by 'family table chain', in rule order ('' for a rule without one). */
export type XtComments = Record<string, string[]>;

/** Comments of iptables-save's `-A CHAIN ... -m comment --comment "..."` lines, per chain, in order. */
export function parseXtComments(family: 'ip' | 'ip6', save: string, out: XtComments = {}): XtComments {
  let table = '';
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    const rule = /^-A (\S+) /.exec(line);
    if (!rule) continue;
    const text = /--comment ("(?:[^"\\]|\\.)*"|\S+)/.exec(line)?.[1] ?? '';
    const key = `${family} ${table} ${rule[1]}`;
    (out[key] ??= []).push(text.startsWith('"') ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text);
  }
  return out;
}

function expression(e: Obj): Obj | null {
  if ('counter' in e) return { counter: 'COUNTER' };
  const xt = e.xt as Obj | undefined;
  if (xt?.type === 'match' && xt.name === 'comment') return null;
  if (xt?.type === 'target' && xt.name === 'MASQUERADE') return { masquerade: null };
  return e;
}

function rule(r: Obj, comments: string[] | undefined, index: number): Obj {
  const exprs = r.expr as Obj[];
  const out: Obj = { expr: exprs.map(expression).filter((x) => x !== null) };
  const xtComment = exprs.some((e) => (e.xt as Obj | undefined)?.name === 'comment');
  const comment = xtComment ? comments?.[index] ?? 'xt comment without iptables-save text' : r.comment;
  if (comment !== undefined) out.comment = comment;
  return out;
}

const withoutIds = ({ handle: _h, family: _f, table: _t, ...rest }: Obj): Obj => rest;

type Listed = Obj & { family: string; table: string; name: string; chain: string };

/** Tables compared under another name (see above). */
const TABLE_AS: Record<string, string> = { 'netns-cni': 'nat' };
type Table = Obj & { chains: Record<string, Obj & { rules: Obj[] }> };

/** The ruleset as { 'FAMILY TABLE': { ...table, chains: { NAME: { ...chain, rules } }, OTHER KIND: { NAME } } }. */
export function nftTables(entries: Obj[], comments: XtComments): Record<string, Table> {
  const tables: Record<string, Table> = {};
  const names = new Map<string, string>();  // 'family table' as listed -> as compared
  for (const entry of entries) {
    const [kind, value] = Object.entries(entry)[0] as [string, Listed];
    if (kind === 'metainfo') continue;
    if (kind === 'table') {
      const as = `${value.family} ${TABLE_AS[value.name] ?? value.name}`;
      // Under its own name when the other is there too, so that neither hides the other.
      const key = tables[as] ? `${value.family} ${value.name}` : as;
      names.set(`${value.family} ${value.name}`, key);
      tables[key] = { ...withoutIds(value), name: key.split(' ')[1], chains: {} };
      continue;
    }
    // nft lists a table before what is in it, and a chain before its rules.
    const table = tables[names.get(`${value.family} ${value.table}`)!];
    if (kind === 'chain') {
      table.chains[value.name] = { ...withoutIds(value), rules: [] };
    } else if (kind === 'rule') {
      const rules = table.chains[value.chain].rules;
      rules.push(rule(value, comments[`${value.family} ${value.table} ${value.chain}`], rules.length));
    } else {
      ((table[kind] ??= {}) as Obj)[value.name] = withoutIds(value);
    }
  }
  return tables;
}
