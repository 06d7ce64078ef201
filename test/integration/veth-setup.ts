// Shared setup for the route/rule/neighbour tests: in a namespace the test made, a veth pair
// v0/v1 (both ends inside it), up, with 10.0.0.1/24 and 2001:db8::1/64 on v0. Done with ip(8),
// so the library is only the thing under test.
import type { Namespace } from '../../lib';
import { ip } from '../helpers';

export async function vethPair(ns: Namespace): Promise<void> {
  await ip(ns, ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  for (const dev of ['lo', 'v0', 'v1']) await ip(ns, ['link', 'set', dev, 'up']);
  await ip(ns, ['addr', 'add', '10.0.0.1/24', 'dev', 'v0']);
  await ip(ns, ['addr', 'add', '2001:db8::1/64', 'dev', 'v0', 'nodad']);
}
