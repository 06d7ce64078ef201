// Network namespace handles: create, open, name, identify, delete (ip netns ...).
import fs from 'node:fs';
import path from 'node:path';
import { native, type NsIdentity } from './native';
import type { NetlinkConnection } from './transport/connection';
import { closedError, invalidArgType, invalidArgValue, invalidThis, outOfRange } from './errors';
import { validateNamespaceName, validateString } from './specs/validate';
import { validateNamespaceArg } from './specs/namespace-arg';
import { isNamespace, registerNamespace, type NamespaceContext } from './collections/context';
import { LinkResolver } from './collections/link-resolver';
import type { Links } from './collections/links';
import type { Addresses } from './collections/addresses';
import type { Routes } from './collections/routes';
import type { Rules } from './collections/rules';
import type { Neighbors } from './collections/neighbors';
import type { Nexthops } from './collections/nexthops';
import type { Fdb } from './collections/fdb';
import type { BridgeVlans } from './collections/bridge-vlans';
import type { Sysctl } from './collections/sysctl';
import type { Firewall } from './collections/firewall';
import type { Tc } from './collections/tc';
import type { Monitor } from './collections/monitor';
import type { MonitorOptions } from './types/monitor';
import type { BatchBuilder } from './collections/batch';
import type { BatchOptions, BatchResult, BatchSummary } from './types/batch';
import type { ExecOptions, ExecResult, SpawnInOptions } from './types/process';
import type { ChildProcess } from 'node:child_process';
import type { Server, Socket } from 'node:net';
import type { Socket as DgramSocket } from 'node:dgram';
import type { ConnectOptions, ListenOptions, UdpOptions } from './types/socket';
import type { CreateOptions, NamespaceInfo, OpenOptions } from './types/namespace';

// What a handle does beyond being one loads with the first handle (create, open, fromPath,
// fromPid, current), before its system calls, and not with require('netns'). Nothing loads after
// that: a module loaded later could meet a process out of fds (EMFILE: the getter or method that
// needed it would throw instead of rejecting) or an Object.prototype polluted meanwhile, which
// Node's module loader reads (a polluted `encoding` makes it open a hex-encoded path).
/* eslint-disable @typescript-eslint/no-require-imports -- these requires are the lazy loading */
function requireHandleModules() {
  const modules = {
    connection: require('./transport/connection') as typeof import('./transport/connection'),
    createOptions: require('./specs/namespace-options') as typeof import('./specs/namespace-options'),
    nsid: require('./collections/nsid') as typeof import('./collections/nsid'),
    held: require('./transport/held-namespaces') as typeof import('./transport/held-namespaces'),
    idle: require('./transport/idle-list') as typeof import('./transport/idle-list'),
    links: require('./collections/links') as typeof import('./collections/links'),
    addresses: require('./collections/addresses') as typeof import('./collections/addresses'),
    routes: require('./collections/routes') as typeof import('./collections/routes'),
    rules: require('./collections/rules') as typeof import('./collections/rules'),
    neighbors: require('./collections/neighbors') as typeof import('./collections/neighbors'),
    nexthops: require('./collections/nexthops') as typeof import('./collections/nexthops'),
    fdb: require('./collections/fdb') as typeof import('./collections/fdb'),
    bridgeVlans: require('./collections/bridge-vlans') as typeof import('./collections/bridge-vlans'),
    sysctl: require('./collections/sysctl') as typeof import('./collections/sysctl'),
    firewall: require('./collections/firewall') as typeof import('./collections/firewall'),
    tc: require('./collections/tc') as typeof import('./collections/tc'),
    monitor: require('./collections/monitor') as typeof import('./collections/monitor'),
    batch: require('./collections/batch') as typeof import('./collections/batch'),
    process: require('./process') as typeof import('./process'),
    sockets: require('./sockets') as typeof import('./sockets'),
  };
  // What the specs and codecs load on their first use: the link kinds, and the IPv6 parser.
  (require('./link-kinds/registry') as typeof import('./link-kinds/registry')).loadKinds();
  (require('./specs/ip') as typeof import('./specs/ip')).loadIpParser();
  return modules;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** The handle modules: set by loadHandleModules, which every way to a handle calls first. */
let load: ReturnType<typeof requireHandleModules>;
let handleModulesLoaded = false;
function loadHandleModules(): void {
  if (handleModulesLoaded) return;
  load = requireHandleModules();
  handleModulesLoaded = true;
}

/** The handle modules for a method: loaded already for a real handle; a method called on something else gets to its ERR_INVALID_THIS. */
function mods(): ReturnType<typeof requireHandleModules> {
  loadHandleModules();
  return load;
}

// Loaded at the loop's first turn after require too, not only with the first handle: Node's module
// loader reads Object.prototype and opens files, so a program that pollutes the prototype, or uses
// up its fds, before making its first handle still gets a working library. (A failure here is left
// to the first handle, which reports it.)
setImmediate(() => {
  try { loadHandleModules(); } catch { /* reported by the first handle */ }
}).unref();

/** Where iproute2 keeps named namespaces. */
export const NETNS_RUN_DIR = '/run/netns';

/** The run directory and pinning that create/attach options ask for (own fields only, unknown ones refused). */
function createOptionsOf(options: unknown): { runDir: string; pin: boolean } {
  const o = load.createOptions.createOptionsSchema.parse(options, 'options');
  return { runDir: (o.runDir as string | undefined) ?? NETNS_RUN_DIR, pin: (o.pin as boolean | undefined) ?? true };
}

const initial = native.initialNamespace();

const unpinnedAnonymous = (): Error =>
  invalidArgValue('options.pin', false, 'applies only to a named namespace: an anonymous one lives only while a handle holds its fd');

/**
 * The cookie an unpinned handle keeps (undefined for a pinned one), read now. Nothing half-made: a
 * failure closes id's fd and removes the name the call just made (madePath) before it rejects.
 */
async function cookieFor(id: NsIdentity, pin: boolean, madePath?: string): Promise<bigint | undefined> {
  if (pin) return undefined;
  try {
    return native.namespaceCookie(id.fd);
  } catch (err) {
    native.closeFd(id.fd);
    if (madePath !== undefined) await native.deleteNamed(madePath, id.dev, id.ino).catch(() => undefined);
    throw err;
  }
}

/** #fd of a closed handle, and of an unpinned one that gave its fd up while idle. */
const CLOSED = -1;
const RELEASED = -2;

/**
 * What an unpinned handle (pin: false) keeps instead of its fd: the namespace's cookie, which
 * reopening the name checks, and its place in the list of fds to give up once idle.
 */
class IdleFd {
  readonly ref = new WeakRef(this);
  constructor(private readonly release: () => void) {}
  idleExpired(): void { this.release(); }
}
let idleFdList: InstanceType<ReturnType<typeof requireHandleModules>['idle']['IdleList']> | undefined;
/** Unpinned handles' open fds, given up IDLE_MS after their last use (and beyond 256, the least recently used at once). */
const idleFds = () => (idleFdList ??= new load.idle.IdleList<IdleFd>(load.idle.IDLE_MS, load.idle.idleBudget()));

/** id, after emitting the warning the addon made on its pool thread (where it must not print). */
function emitRunDirWarning<T extends { warning?: string }>(id: T): T {
  if (Object.hasOwn(id, 'warning') && id.warning !== undefined) process.emitWarning(id.warning, { code: 'NETNS_RUNDIR_FLOCK' });
  return id;
}

/** Namespace fds list() holds open at once. */
const LIST_FDS_AT_ONCE = 64;
const registry = new FinalizationRegistry<number>((fd) => {
  try { native.closeFd(fd); } catch { /* already closed */ }
});

/** ns, checked to be a real handle: a method called on a fake fails with ERR_INVALID_THIS, not a private-field error. */
/** An inode number no namespace has: deleteNamed then takes any namespace at the name as another's. */
const NO_INODE = -1;

function own(ns: Namespace): Namespace {
  if (!isNamespace(ns)) throw invalidThis('Namespace');
  return ns;
}

/**
 * A handle on one network namespace: an open nsfs fd, and lazily one rtnetlink socket inside it.
 * Obtain one with create(), open(), fromPath(), fromPid() or current(); close() or delete() it when done.
 */
export class Namespace {
  /** The name under /run/netns, for named namespaces. */
  readonly name?: string;
  /** A path that opens this namespace: /run/netns/NAME, /proc/PID/ns/net, or /proc/PID/fd/N. */
  readonly path: string;
  /** The nsfs inode number (the number in `ls -l /proc/self/ns/net`): the namespace's identity. */
  readonly inode: number;
  /** The nsfs device number: with inode, what equals() compares. */
  readonly device: number;
  /** True when this handle made the namespace (create()): asyncDispose deletes it. */
  readonly owned: boolean;

  /** The nsfs fd; CLOSED once closed, RELEASED while an unpinned handle holds none. */
  #fd: number;
  /** Set while the handle is unpinned (pin: false). */
  #idleFd?: IdleFd;
  /** The namespace's cookie, kept by an unpinned handle (also once closed, for delete()). */
  #cookie?: bigint;
  #runDir?: string;
  /** delete() in flight, and whether one removed the name. */
  #deleting?: Promise<void>;
  #deleted = false;
  readonly #context: NamespaceContext;
  #netlink?: NetlinkConnection;
  #links?: Links;
  #addresses?: Addresses;
  #routes?: Routes;
  #rules?: Rules;
  #neighbors?: Neighbors;
  #nexthops?: Nexthops;
  #fdb?: Fdb;
  #bridgeVlans?: BridgeVlans;
  #sysctl?: Sysctl;
  #firewall?: Firewall;
  #tc?: Tc;

  // Every key of opts is always passed (undefined when absent): a key left out would be read from
  // Object.prototype, where a polluted name or runDir would point delete() and exec at another path.
  private constructor(id: NsIdentity, opts: { name: string | undefined; path: string | undefined; owned: boolean; runDir: string | undefined; cookie?: bigint }) {
    this.#fd = id.fd;
    if (opts.cookie !== undefined) {
      this.#cookie = opts.cookie;
      this.#idleFd = new IdleFd(() => this.#release());
      idleFds().add(this.#idleFd.ref);
    }
    this.inode = id.ino;
    this.device = id.dev;
    this.owned = opts.owned;
    if (opts.name !== undefined) this.name = opts.name;
    if (opts.runDir !== undefined) this.#runDir = opts.runDir;
    this.path = opts.path ?? `/proc/${process.pid}/fd/${id.fd}`;
    if (id.fd !== initial.fd) registry.register(this, id.fd, this);
    this.#context = {
      netlink: () => this.netlink(),
      enterFd: () => this.#enterFd(),
      fd: () => this.#useFd(),
      resolver: new LinkResolver((name) => this.links.indexOf(name)),
    };
    registerNamespace(this, this.#context);
  }

  /**
   * Creates a namespace. With a name, exactly like `ip netns add NAME` (visible to `ip netns list`);
   * without one, an anonymous namespace that lives while this handle (or a process in it) does.
   */
  static async create(name?: string, options: CreateOptions = {}): Promise<Namespace> {
    loadHandleModules();
    const { runDir, pin } = createOptionsOf(options);
    if (name === undefined) {
      if (!pin) throw unpinnedAnonymous();
      const id = await native.createAnonymous();
      return new Namespace(id, { name: undefined, path: undefined, owned: true, runDir: undefined });
    }
    validateNamespaceName(name);
    const p = path.join(runDir, name);
    const id = emitRunDirWarning(await native.createNamed(runDir, name));
    return new Namespace(id, { name, path: p, owned: true, runDir, cookie: await cookieFor(id, pin, p) });
  }

  /** Opens a named namespace (made by `ip netns add` or by this library). */
  // async so that a bad name or a failed open rejects, not throws
  static async open(name: string, options: OpenOptions = {}): Promise<Namespace> {
    loadHandleModules();
    validateNamespaceName(name);
    const pin = (load.createOptions.openOptionsSchema.parse(options, 'options').pin as boolean | undefined) ?? true;
    const p = path.join(NETNS_RUN_DIR, name);
    const id = native.openNamespace(p);
    return new Namespace(id, { name, path: p, owned: false, runDir: undefined, cookie: await cookieFor(id, pin) });
  }

  /** Any nsfs path: /run/netns/NAME, /proc/PID/ns/net, /proc/PID/task/TID/ns/net, a bind mount of one. */
  static fromPath(nsPath: string): Namespace {
    loadHandleModules();
    validateString(nsPath, 'path');
    if (nsPath.length === 0 || nsPath.includes('\0')) throw invalidArgType('path', 'a non-empty path without NUL', nsPath);
    const named = path.dirname(nsPath) === NETNS_RUN_DIR ? path.basename(nsPath) : undefined;
    return new Namespace(native.openNamespace(nsPath), { name: named, path: nsPath, owned: false, runDir: undefined });
  }

  /** The network namespace of a process. */
  static fromPid(pid: number): Namespace {
    if (typeof pid !== 'number') throw invalidArgType('pid', 'of type number', pid);
    if (!Number.isInteger(pid) || pid < 1) throw outOfRange('pid', 'a positive integer', pid);
    return Namespace.fromPath(`/proc/${pid}/ns/net`);
  }

  /** The namespace this process started in (its main thread's, captured when the addon loaded). */
  static current(): Namespace {
    loadHandleModules();
    return new Namespace(initial, { name: undefined, path: `/proc/${process.pid}/fd/${initial.fd}`, owned: false, runDir: undefined });
  }

  /** Every name under /run/netns, like `ip netns list`, with its NSID when one is assigned. */
  static async list(): Promise<NamespaceInfo[]> {
    let names: string[];
    try {
      names = await fs.promises.readdir(NETNS_RUN_DIR);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const here = Namespace.current();
    try {
      const conn = here.netlink();
      const info = async (name: string): Promise<NamespaceInfo> => {
        const p = path.join(NETNS_RUN_DIR, name);
        let id: NsIdentity;
        try {
          id = native.openNamespace(p);
        } catch (err) {
          // A stale name (not mounted, or gone since readdir): ip lists it too. Anything else
          // (EMFILE, EACCES) is an error, not a namespace without an NSID.
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EINVAL' || code === 'ENOENT') return { name, path: p };
          throw err;
        }
        try {
          const nsid = await mods().nsid.getNsid(conn, id.fd);
          return nsid === undefined ? { name, path: p } : { name, path: p, id: nsid };
        } finally {
          native.closeFd(id.fd);
        }
      };
      // Pipelined, but with a bounded number of namespace fds open at once: a host with thousands
      // of names must not run into the fd limit.
      const out: NamespaceInfo[] = [];
      names.sort();
      for (let i = 0; i < names.length; i += LIST_FDS_AT_ONCE) out.push(...await Promise.all(names.slice(i, i + LIST_FDS_AT_ONCE).map(info)));
      return out;
    } finally {
      here.close();
    }
  }

  /**
   * The open nsfs fd behind this handle. Reading it pins an unpinned handle: the number stays
   * valid until close().
   */
  get fd(): number {
    const fd = own(this).#useFd();
    if (this.#idleFd) {
      idleFds().delete(this.#idleFd.ref);
      this.#idleFd = undefined;
    }
    return fd;
  }

  /** True once close() or delete() released the handle: every method then rejects. */
  get closed(): boolean {
    return own(this).#fd === CLOSED;
  }

  /**
   * The fd, for a use that ends before this returns or takes its own copy (every native call
   * does). An unpinned handle opens its name again if it gave the fd up, checking that the name
   * still holds this namespace, and keeps the fd for IDLE_MS more.
   */
  #useFd(): number {
    if (this.#fd === RELEASED) this.#reopen();
    if (this.#fd === CLOSED) throw closedError(`namespace ${this.name ?? this.path}`);
    if (this.#idleFd) idleFds().add(this.#idleFd.ref);
    return this.#fd;
  }

  /** Opens the name again: ENOENT if it is gone, ESTALE if it holds another namespace now. */
  #reopen(): void {
    const id = native.reopenNamespace(this.path, this.device, this.inode, this.#cookie!);
    this.#fd = id.fd;
    registry.register(this, id.fd, this);
  }

  /** An unpinned handle idle for a while gives its fd up (its sockets keep the namespace they were made in). */
  #release(): void {
    if (this.#fd < 0) return;
    registry.unregister(this);
    const fd = this.#fd;
    this.#fd = RELEASED;
    native.closeFd(fd);
  }

  /** What a child started here needs: the fd (inherited, so closing the handle later cannot redirect it) and name. */
  #processTarget(): { fd: number; name?: string } {
    const fd = this.#useFd();
    return this.name === undefined ? { fd } : { fd, name: this.name };
  }

  /** Same namespace (same nsfs device and inode)? */
  equals(other: Namespace): boolean {
    own(this);
    if (!isNamespace(other)) throw invalidArgType('other', 'a Namespace', other);
    return this.inode === other.inode && this.device === other.device;
  }

  /**
   * NSID that this namespace uses for `other` (what its veth peers' link-netnsid say), assigning
   * one if none is set, like `ip netns set`. Without `other`: this namespace's NSID as seen from
   * the current one (what `ip netns list` prints).
   */
  id(other?: Namespace): Promise<number> {
    // The request names the target by fd: it holds a copy taken now (see held-namespaces.ts).
    return mods().held.holdingNamespaces(async (held) => {
      own(this);
      if (other === undefined) {
        const fd = held.hold(this);
        const here = Namespace.current();
        try { return await mods().nsid.ensureNsid(here.netlink(), fd); } finally { here.close(); }
      }
      validateNamespaceArg(other, 'other');
      const conn = this.netlink();
      return mods().nsid.ensureNsid(conn, held.hold(other));
    });
  }

  /** Sets the NSID this namespace uses for `other` (ip -n THIS netns set OTHER nsid). */
  setId(other: Namespace, nsid: number): Promise<void> {
    return mods().held.holdingNamespaces(async (held) => {
      own(this);
      validateNamespaceArg(other, 'other');
      if (!Number.isInteger(nsid) || nsid < 0 || nsid > 0x7fffffff) throw outOfRange('nsid', 'an integer from 0 to 2147483647', nsid);
      await mods().nsid.setNsid(this.netlink(), held.hold(other), nsid);
    });
  }

  /**
   * Gives this namespace a name under /run/netns, like `ip netns attach NAME PID`: an anonymous
   * namespace, or a process's, becomes visible to `ip netns list`. Returns a handle for the name.
   */
  async attach(name: string, options: CreateOptions = {}): Promise<Namespace> {
    validateNamespaceName(name);
    const { runDir, pin } = createOptionsOf(options);
    const p = path.join(runDir, name);
    const id = emitRunDirWarning(await native.attachNamed(runDir, name, own(this).#useFd()));
    return new Namespace(id, { name, path: p, owned: false, runDir, cookie: await cookieFor(id, pin, p) });
  }

  /**
   * Like `ip netns delete`: unmount and unlink the name, then close. Unnamed: just close.
   * The name is removed only while it still refers to this handle's namespace: if it was deleted
   * and made again since (by `ip netns delete X; ip netns add X`, say), delete() rejects with
   * ESTALE and removes nothing. A name that is already gone (deleted before, through this handle
   * or another) is no error: what delete() is for already holds.
   */
  async delete(): Promise<void> {
    own(this);
    if (this.name === undefined) return this.close();
    const namePath = path.join(this.#runDir ?? NETNS_RUN_DIR, this.name);
    if (this.#deleting) await this.#deleting.catch(() => undefined);
    // Once this handle has removed its name, whatever the name holds is another namespace, even
    // with the same inode: the kernel hands a freed namespace's inode number to the next one.
    if (this.#deleted) return native.deleteNamed(namePath, this.device, NO_INODE);
    // The namespace stays pinned until its name is checked and removed, so that no namespace
    // made meanwhile under the name can have its inode. A handle without its fd (unpinned, or
    // closed) that has the namespace's cookie opens the name again, checked, to pin it; one
    // closed without a cookie cannot pin it, and the check is by device and inode alone.
    let pin = -1;
    if (this.#fd >= 0) {
      pin = native.dupFd(this.#fd);
    } else if (this.#cookie !== undefined) {
      try {
        pin = native.reopenNamespace(namePath, this.device, this.inode, this.#cookie).fd;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Anything else (EMFILE) changed nothing: the handle stays as it is, for a later try.
        if (code !== 'ENOENT' && code !== 'ESTALE') throw err;
        // Gone already (deleted by someone else): what delete() is for holds. ESTALE: another
        // namespace is there now, which is not this handle's to remove, now or later.
        this.close();
        this.#deleted = true;
        if (code === 'ESTALE') throw err;
        return;
      }
    }
    this.close();
    this.#deleting = native.deleteNamed(namePath, this.device, this.inode)
      .then(() => { this.#deleted = true; }, (err: NodeJS.ErrnoException) => {
        // Another namespace holds the name: later calls must not take it for this one.
        if (err.code === 'ESTALE') this.#deleted = true;
        throw err;
      })
      .finally(() => { if (pin >= 0) native.closeFd(pin); });
    return this.#deleting;
  }

  /** Releases the fd and sockets; a named namespace stays. */
  close(): void {
    own(this).#netlink?.close();
    this.#netlink = undefined;
    if (this.#idleFd) {
      idleFds().delete(this.#idleFd.ref);
      this.#idleFd = undefined;
    }
    if (this.#fd === RELEASED) this.#fd = CLOSED;
    if (this.#fd < 0) return;
    registry.unregister(this);
    native.closeFd(this.#fd);
    this.#fd = CLOSED;
  }

  /** `await using ns = await Namespace.create()`: deletes what this handle created, else closes. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.owned) await this.delete();
    else this.close();
  }

  /**
   * The rtnetlink connection inside this namespace. Its socket opens with the first request and
   * closes after a while without requests (reopened, with a new port, by the next one): an idle
   * handle holds only its namespace fd. Its `request()` is the supported way to send a message
   * the typed API does not model (the README's "Raw requests" shows one).
   */
  netlink(): NetlinkConnection {
    if (!own(this).#netlink || this.#netlink!.isClosed) {
      if (this.#fd === CLOSED) throw closedError(`namespace ${this.name ?? this.path}`);
      this.#netlink = new (mods().connection.NetlinkConnection)(this.#connectFd);
    }
    return this.#netlink!;
  }

  /** What the connection opens its socket with, each time it does: a closed handle throws. */
  readonly #connectFd = (): number => this.#enterFd();

  /** Network devices (ip link). */
  get links(): Links {
    return (own(this).#links ??= new (mods().links.Links)(this.#context));
  }

  /** IPv4/IPv6 addresses (ip addr). */
  get addresses(): Addresses {
    return (own(this).#addresses ??= new (mods().addresses.Addresses)(this.#context));
  }

  /** Routing tables (ip route). */
  get routes(): Routes {
    return (own(this).#routes ??= new (mods().routes.Routes)(this.#context));
  }

  /** Policy routing rules (ip rule). */
  get rules(): Rules {
    return (own(this).#rules ??= new (mods().rules.Rules)(this.#context));
  }

  /** ARP and NDP entries (ip neigh). */
  get neighbors(): Neighbors {
    return (own(this).#neighbors ??= new (mods().neighbors.Neighbors)(this.#context));
  }

  /** Nexthop objects (ip nexthop). */
  get nexthops(): Nexthops {
    return (own(this).#nexthops ??= new (mods().nexthops.Nexthops)(this.#context));
  }

  /** Bridge forwarding database (bridge fdb). */
  get fdb(): Fdb {
    return (own(this).#fdb ??= new (mods().fdb.Fdb)(this.#context));
  }

  /** VLAN tables of bridges and bridge ports (bridge vlan). */
  get bridgeVlans(): BridgeVlans {
    return (own(this).#bridgeVlans ??= new (mods().bridgeVlans.BridgeVlans)(this.#context));
  }

  /** Per-namespace settings (sysctl net.*). */
  get sysctl(): Sysctl {
    return (own(this).#sysctl ??= new (mods().sysctl.Sysctl)(this.#context));
  }

  /** The namespace's nftables firewall (nft), through libnftables: no process per call. */
  get firewall(): Firewall {
    return (own(this).#firewall ??= new (mods().firewall.Firewall)(this.#context));
  }

  /** Traffic control: qdiscs and classes (tc). */
  get tc(): Tc {
    return (own(this).#tc ??= new (mods().tc.Tc)(this.#context));
  }

  /**
   * fd native code enters for namespace-bound work (sockets, /proc/sys); -1 when this is the
   * process's own namespace, where no thread needs to switch.
   */
  #enterFd(): number {
    const fd = this.#useFd();
    return this.inode === initial.ino && this.device === initial.dev ? -1 : fd;
  }

  /**
   * Many operations at once: `b` has the collections' write methods, which record; all are then
   * sent together, packed into shared datagrams, in order. Resolves with one result per operation,
   * in order; with compact: true, with a BatchSummary (a count and only the failures), which
   * builds nothing per successful operation. With atomic: true, a failure undoes the adds that
   * succeeded and rejects with a BatchError.
   */
  batch(build: (b: BatchBuilder) => void, options: BatchOptions & { compact: true }): Promise<BatchSummary>;
  batch(build: (b: BatchBuilder) => void, options?: BatchOptions & { compact?: false }): Promise<BatchResult[]>;
  batch(build: (b: BatchBuilder) => void, options?: BatchOptions): Promise<BatchResult[] | BatchSummary>;
  async batch(build: (b: BatchBuilder) => void, options: BatchOptions = {}): Promise<BatchResult[] | BatchSummary> {
    // A closed handle fails the batch as a whole, not each of its operations; so does an unpinned
    // one whose name is gone (ENOENT) or holds another namespace (ESTALE).
    own(this).#enterFd();
    return mods().batch.runBatch(this, build, options);
  }

  /** Live change events (ip monitor): an EventEmitter and async iterable; close() it when done. */
  monitor(options: MonitorOptions = {}): Monitor {
    return new (mods().monitor.Monitor)(own(this).#enterFd(), options, () => this.netlink());
  }

  // The socket methods are async so that a closed handle (enterFd throws) rejects, never throws.

  /** A net.Server listening inside this namespace. */
  async listen(options: ListenOptions = {}): Promise<Server> {
    return mods().sockets.listenIn(own(this).#enterFd(), options);
  }

  /** A net.Socket connected from inside this namespace. */
  async connect(options: ConnectOptions): Promise<Socket> {
    return mods().sockets.connectIn(own(this).#enterFd(), options);
  }

  /** A bound dgram.Socket inside this namespace. */
  async createSocket(type: 'udp4' | 'udp6', options: UdpOptions = {}): Promise<DgramSocket> {
    return mods().sockets.createSocketIn(own(this).#enterFd(), type, options);
  }

  /** Starts a process inside this namespace, like `ip netns exec NAME command ...`: a real ChildProcess. */
  spawn(command: string, args: readonly string[] = [], options: SpawnInOptions = {}): ChildProcess {
    return mods().process.spawnIn(own(this).#processTarget(), command, args, options);
  }

  /** Runs a command inside this namespace to completion: { stdout, stderr, code, signal }. */
  exec(command: string, args?: readonly string[], options?: ExecOptions & { encoding?: BufferEncoding }): Promise<ExecResult>;
  exec(command: string, args: readonly string[], options: ExecOptions & { encoding: 'buffer' }): Promise<ExecResult<Buffer>>;
  exec(command: string, args: readonly string[] = [], options: ExecOptions = {}): Promise<ExecResult<string | Buffer>> {
    // A getter: a closed handle's error arrives through the promise, like every other failure.
    return mods().process.execIn(() => own(this).#processTarget(), command, args, options);
  }


  /** `Namespace(NAME)` or `Namespace(PATH)`, for logs. */
  toString(): string {
    return `Namespace(${this.name ?? this.path})`;
  }
}
