// linux/net_namespace.h: NETNSA_* attributes of RTM_NEWNSID / RTM_GETNSID.

export const NETNSA_NONE = 0;
export const NETNSA_NSID = 1;
export const NETNSA_PID = 2;
export const NETNSA_FD = 3;
export const NETNSA_TARGET_NSID = 4;
export const NETNSA_CURRENT_NSID = 5;
export const NETNSA_NSID_NOT_ASSIGNED = -1;
