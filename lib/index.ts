// netns: Linux network namespaces from Node.js.
export { Namespace, NETNS_RUN_DIR } from './namespace';
export type { NamespaceInfo, CreateOptions } from './namespace';
export { Links } from './links';
export type { Link, LinkStats, LinkFilter } from './links';
export { NetlinkError } from './errors';
export type { ExtendedAck } from './errors';
export { MalformedMessageError } from './rtnetlink/reader';
export type { ExecOptions, ExecResult } from './process';
export { Sysctl } from './sysctl';
export { Monitor } from './monitor';
export type { MonitorEvent, MonitorGroup, MonitorOptions } from './monitor';
export type { ListenOptions, ConnectOptions, UdpOptions } from './sockets';
