// ns.rules: policy routing rules of one namespace (ip rule). Several tables selected by rules are
// how a VRF is built where the kernel has no vrf device ("VRF-lite").
import { RTM } from '../uapi/rtnetlink';
import { AF_UNSPEC } from '../uapi/socket';
import type { NamespaceContext } from './context';
import { sendWrite, ruleWrite } from './writes';
import { decodeRule } from '../codecs/rule-codec';
import { ruleFilterSchema } from '../specs/rule';
import type { Rule, RuleSpec } from '../types/rule';
import { afOf, type Family } from '../specs/ip';
import type { RuleFilter } from '../types/rule';



/** The policy routing rules of one namespace (`ip rule`); `ns.rules`. */
export class Rules {
  /** Made by the namespace's `rules` getter. @internal */
  constructor(private readonly ns: NamespaceContext) {}

  /** Like `ip rule add`: fails with EEXIST if the same rule is there. */
  add(spec: RuleSpec): Promise<void> { return sendWrite(this.ns, ruleWrite, 'add', spec); }

  /** Like `ip rule del`: deletes the first rule matching the fields given (a Rule from list() matches itself). */
  delete(spec: RuleSpec): Promise<void> { return sendWrite(this.ns, ruleWrite, 'delete', spec); }

  /** IPv4 and IPv6 rules (or one family), in the kernel's order (by priority). */
  async list(filter: RuleFilter = {}): Promise<Rule[]> {
    const f = ruleFilterSchema.parse(filter, 'filter');
    const af = f.family === undefined ? AF_UNSPEC : afOf(f.family as Family);
    return this.ns.netlink().dump(RTM.GETRULE, (w) => { w.u8(af).zeros(11); }, decodeRule);
  }
}
