// Public types of namespace handles: what Namespace.list() returns, what create/attach take.

/** One entry of Namespace.list(): a name under /run/netns. */
export interface NamespaceInfo {
  /** The namespace's name, as ip netns list prints it. */
  readonly name: string;
  /** The file that holds it, /run/netns/NAME. */
  readonly path: string;
  /** NSID of this namespace as seen from the current one, when one is assigned (ip netns list). */
  readonly id?: number;
}

/** Options of Namespace.create() and attach(). */
export interface CreateOptions extends OpenOptions {
  /** Directory for the name instead of /run/netns (for tests and sandboxes). */
  runDir?: string;
}

/** Options of Namespace.open() (and, with runDir, of create() and attach()). */
export interface OpenOptions {
  /**
   * true (the default): the handle keeps the namespace's fd open until close(), which also keeps
   * the namespace alive if its name is deleted. false, for named namespaces only: the handle
   * holds no fd while idle (it closes it after 2 s without use) and opens the name again when
   * used, checking that it still holds the same namespace (device, inode and the kernel's
   * never-reused namespace cookie); if the name was deleted, calls reject with ENOENT, if it now
   * holds another namespace, with ESTALE. Reading `fd` pins the handle again.
   */
  pin?: boolean;
}
