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
export interface CreateOptions {
  /** Directory for the name instead of /run/netns (for tests and sandboxes). */
  runDir?: string;
}
