// The public API as the reference documentation shows it (typedoc's entry point): everything
// index.ts exports, with the names index.ts loads on first read re-exported as the classes and
// functions they are (typedoc would list index.ts's declarations of them as variables). Nothing
// loads this module at run time.
export * from './index';
export { Links } from './collections/links';
export { Sysctl } from './collections/sysctl';
export { Firewall } from './collections/firewall';
export { Monitor } from './collections/monitor';
export { Routes } from './collections/routes';
export { Rules } from './collections/rules';
export { Neighbors } from './collections/neighbors';
export { Nexthops } from './collections/nexthops';
export { Fdb } from './collections/fdb';
export { BridgeVlans } from './collections/bridge-vlans';
export { Tc, Qdiscs, TcClasses } from './collections/tc';
export { TcFilters } from './collections/tc-filters';
export { Addresses } from './collections/addresses';
export { knownKinds } from './link-kinds';
export { BatchError } from './collections/batch';
