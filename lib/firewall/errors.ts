// Errors of ns.firewall: nft's own refusals (syntax, evaluation) and the kernel's, with nft's
// message and where in the ruleset it points; and a host without libnftables.
import { describeErrno } from '../errors';

/** Where an included file's error came from: "In file included from <ruleset>:2:1-25:". */
const INCLUDED = /^In file included from <ruleset>:(\d+):(\d+)/m;

/** Where nft's first error points: "FILE:4:3-5: Error: No symbol type information". */
const LOCATED = /^(?:(.*?):(\d+):(\d+)(?:-(\d+))?: )?Error: (.*)$/m;

/** nftables refused a ruleset or command: nothing of it was applied (one transaction). */
export class NftablesError extends Error {
  /**
   * 'ERR_NETNS_NFTABLES' when nft itself refused (syntax, unknown names, types), or the errno name
   * when the kernel did ('ENOENT' for a table that does not exist, 'EEXIST', 'EOPNOTSUPP', ...).
   */
  readonly code: string;
  /** The kernel's errno (positive) when the kernel refused; absent for nft's own errors. */
  declare readonly errno?: number;
  /** What was asked: 'firewall.apply', 'firewall.list', 'firewall.flush', 'firewall.delete'. */
  readonly operation: string;
  /** nft's message, e.g. "syntax error, unexpected newline". */
  readonly nftMessage: string;
  /** The ruleset's line nft points at (1-based; nft syntax only). */
  declare readonly line?: number;
  /** The first column it points at (1-based). */
  declare readonly column?: number;
  /** The offending line as nft quoted it. */
  declare readonly source?: string;
  /** nft's whole error output, every error it found. */
  readonly details: string;

  /** Built from libnftables' error output. @internal */
  constructor(operation: string, errorText: string, errno: number) {
    const details = errorText.replace(/\/proc\/thread-self\/fd\/\d+:/g, '<ruleset>:').replace(/^internal:0:0-0: /gm, '').trimEnd();
    const m = LOCATED.exec(details);
    const nftMessage = m ? m[5] : details.split('\n')[0] || 'nft refused the ruleset';
    // An error inside an included file: the ruleset's place is the include that led there.
    const included = m?.[1] !== undefined && m[1] !== '<ruleset>' ? INCLUDED.exec(details) : null;
    const line = included ? Number(included[1]) : m?.[1] === '<ruleset>' ? Number(m[2]) : undefined;
    const column = included ? Number(included[2]) : m?.[1] === '<ruleset>' ? Number(m[3]) : undefined;
    const source = m && !included && line !== undefined ? details.slice(m.index + m[0].length + 1).split('\n')[0] : undefined;
    const code = errno > 0 ? describeErrno(errno).code : 'ERR_NETNS_NFTABLES';
    const where = included ? ` (in ${m![1]}:${m![2]}:${m![3]}, included at line ${line}, column ${column})`
      : line !== undefined ? ` (line ${line}, column ${column}): ${source?.trim()}` : '';
    super(`${operation}: ${code}: ${nftMessage}${where}`);
    this.name = 'NftablesError';
    this.code = code;
    if (errno > 0) this.errno = errno;
    this.operation = operation;
    this.nftMessage = nftMessage;
    if (line !== undefined) {
      this.line = line;
      this.column = column;
      if (source !== undefined) this.source = source;
    }
    this.details = details;
  }
}

/** libnftables.so.1 could not be loaded: code ERR_NETNS_NFTABLES_MISSING, naming the package. */
export function nftablesMissing(why: string): Error {
  const err = new Error(
    `ns.firewall needs the system's libnftables (libnftables.so.1), which could not be loaded (${why}): ` +
      'install the package libnftables1 (Debian, Ubuntu: apt-get install libnftables1; Fedora: nftables)',
  ) as Error & { code: string };
  err.code = 'ERR_NETNS_NFTABLES_MISSING';
  return err;
}
