// How ip route prints route message fields: rtm_flags/rtnh_flags names and RTAX_* metric names.
import { RTM_F, RTNH_F, RTAX } from '../uapi/rtnetlink';

/** rtm_flags / rtnh_flags bits by the names ip prints. */
export const ROUTE_FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [RTNH_F.DEAD, 'dead'], [RTNH_F.PERVASIVE, 'pervasive'], [RTNH_F.ONLINK, 'onlink'],
  [RTNH_F.OFFLOAD, 'offload'], [RTNH_F.LINKDOWN, 'linkdown'], [RTNH_F.UNRESOLVED, 'unresolved'],
  [RTNH_F.TRAP, 'trap'], [RTM_F.NOTIFY, 'notify'], [RTM_F.CLONED, 'cloned'], [RTM_F.EQUALIZE, 'equalize'],
  [RTM_F.PREFIX, 'prefix'], [RTM_F.LOOKUP_TABLE, 'lookup_table'], [RTM_F.FIB_MATCH, 'fib_match'],
  [RTM_F.OFFLOAD, 'rt_offload'], [RTM_F.TRAP, 'rt_trap'], [RTM_F.OFFLOAD_FAILED, 'rt_offload_failed'],
];

export const RTAX_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, n] of Object.entries(RTAX)) names[n] = name;
  return names;
})();

