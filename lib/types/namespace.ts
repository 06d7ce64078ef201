// Public types of namespace handles: what Namespace.list() returns, what create/attach take.

export interface NamespaceInfo {
  readonly name: string;
  readonly path: string;
  /** NSID of this namespace as seen from the current one, when one is assigned (ip netns list). */
  readonly id?: number;
}

export interface CreateOptions {
  /** Directory for the name instead of /run/netns (for tests and sandboxes). */
  runDir?: string;
}
