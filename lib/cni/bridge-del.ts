// netns-bridge DEL: best effort and idempotent, as the spec asks. The container end of the pair
// goes (taking the host end with it), then the IPAM address, then the masquerade rules; a
// namespace or an interface already gone is success.
import type { Namespace } from '../namespace';
import type { BridgeConf } from './config';
import type { CniEnv } from './env';
import { execDelegate } from './delegate';
import { isNoDevice, openContainer } from './netns';
import { teardownIpMasq } from './ipmasq';

/** Deletes the interface in the container; false when there was none. */
async function deleteIface(container: Namespace, ifName: string): Promise<boolean> {
  try {
    await container.links.delete(ifName);
    return true;
  } catch (err) {
    if (isNoDevice(err)) return false;
    throw err;
  }
}

export async function bridgeDel(host: Namespace, env: CniEnv, conf: BridgeConf, stdin: string): Promise<void> {
  const container = env.netns ? openContainer(env, false) : undefined;
  if (container) {
    try { await deleteIface(container, env.ifName); } finally { container.close(); }
  }
  if (conf.ipamType) await execDelegate(conf.ipamType, env, 'DEL', stdin);
  if (conf.ipamType && conf.ipMasq) await teardownIpMasq(host, conf.name, env.containerId);
}
