// Public types of network devices (ns.links).

/** A network device, by name ("veth0") or by ifindex. */
export type LinkRef = string | number;
