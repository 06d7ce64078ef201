// ns.firewall: the namespace's nftables ruleset, through the system's libnftables (loaded at first
// use, run on a native thread that has joined the namespace): no nft process per call.
import type { NamespaceContext } from './context';
import { native } from '../native';
import { NftablesError, nftablesMissing } from '../firewall/errors';
import { rulesetText, tableRefSchema } from '../specs/firewall';
import type { NftRuleset, NftTableRef } from '../types/firewall';

/**
 * Runs nft commands in the namespace behind ctx; rejects with NftablesError when nft refuses them.
 * The addon takes its own copy of the namespace fd at once and runs the calls one at a time in call
 * order (libnftables keeps process-wide state), so a call made before close() still completes.
 */
export async function runNft(ctx: NamespaceContext, operation: string, commands: string, json: boolean): Promise<string> {
  const outcome = await native.nftables(ctx.enterFd(), commands, json);
  if (outcome.missing !== undefined) throw nftablesMissing(outcome.missing);
  if (outcome.rc !== 0) throw new NftablesError(operation, outcome.error, outcome.errno);
  return outcome.output;
}

/** The namespace's nftables firewall; `ns.firewall`. */
export class Firewall {
  /** Made by the namespace's `firewall` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /**
   * Applies a ruleset in one transaction, all or nothing: nft syntax as `nft -f` reads it (a
   * string), or nft's JSON schema (`{ nftables: [...] }`). A refusal rejects with NftablesError
   * carrying nft's message and, for nft syntax, the line it points at.
   */
  async apply(ruleset: string | NftRuleset): Promise<void> {
    const { text, json } = rulesetText(ruleset);
    await runNft(this.ns, 'firewall.apply', text, json);
  }

  /** The whole ruleset as nft JSON, as `nft -j list ruleset` in the namespace prints it. */
  async list(): Promise<NftRuleset> {
    return JSON.parse(await runNft(this.ns, 'firewall.list', 'list ruleset', true)) as NftRuleset;
  }

  /** Removes every table, chain, set and rule of the namespace (`nft flush ruleset`). */
  async flush(): Promise<void> {
    await runNft(this.ns, 'firewall.flush', 'flush ruleset', false);
  }

  /** Removes one table with everything in it (`nft delete table FAMILY NAME`); ENOENT if absent. */
  async delete(table: NftTableRef): Promise<void> {
    const { family, table: name } = tableRefSchema.parse(table) as unknown as NftTableRef;
    const command = { nftables: [{ delete: { table: { family, name } } }] };
    await runNft(this.ns, 'firewall.delete', JSON.stringify(command), true);
  }
}
