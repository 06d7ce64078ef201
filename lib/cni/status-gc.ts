// STATUS and GC (spec 1.1.0). STATUS: ready when the IPAM plugin is (asked in turn when it speaks
// 1.1.0) and, with ipMasq, when libnftables can be used. GC: the masquerade chains of this
// network whose container is not among the valid attachments go, and IPAM is asked to GC too.
import type { Namespace } from '../namespace';
import type { BridgeConf } from './config';
import type { CniEnv } from './env';
import { CNI_ERR, CniError } from './errors';
import { execDelegate } from './delegate';
import { MASQ_TABLE, chainComment, teardownIpMasq } from './ipmasq';

/** Does the delegated plugin speak 1.1.0 (STATUS, GC)? Its VERSION says. */
async function delegateSpeaks110(conf: BridgeConf, env: CniEnv): Promise<boolean> {
  const v = await execDelegate(conf.ipamType, env, 'VERSION', JSON.stringify({ cniVersion: conf.cniVersion })) as { supportedVersions?: unknown };
  return Array.isArray(v?.supportedVersions) && v.supportedVersions.includes('1.1.0');
}

export async function bridgeStatus(host: Namespace, env: CniEnv, conf: BridgeConf, stdin: string): Promise<void> {
  if (conf.ipMasq) {
    try {
      await host.firewall.list();
    } catch (err) {
      throw new CniError(CNI_ERR.notAvailable, 'ipMasq needs nftables', (err as Error).message);
    }
  }
  if (!conf.ipamType) return;
  try {
    if (await delegateSpeaks110(conf, env)) await execDelegate(conf.ipamType, env, 'STATUS', stdin);
  } catch (err) {
    throw new CniError(CNI_ERR.notAvailable, `IPAM plugin ${conf.ipamType} is not available`, (err as Error).message);
  }
}

export async function bridgeGc(host: Namespace, env: CniEnv, conf: BridgeConf, stdin: string): Promise<void> {
  const valid = conf.raw['cni.dev/valid-attachments'];
  if (valid !== undefined && !Array.isArray(valid)) throw new CniError(CNI_ERR.invalidConfig, 'cni.dev/valid-attachments must be a list');
  const keep = new Set((valid ?? []).map((a: { containerID?: unknown }) => a?.containerID));
  if (conf.ipMasq) {
    // The POSTROUTING rules' comments name the network and the container: the chains to drop.
    const prefix = chainComment(conf.name, '').slice(0, -'""'.length);
    const stale = new Set<string>();
    for (const item of (await host.firewall.list()).nftables) {
      const rule = item.rule as { table?: unknown; comment?: unknown } | undefined;
      const comment = rule?.comment;
      if (rule?.table !== MASQ_TABLE || typeof comment !== 'string' || !comment.startsWith(prefix)) continue;
      const id = JSON.parse(comment.slice(prefix.length)) as string;
      if (!keep.has(id)) stale.add(id);
    }
    for (const id of stale) await teardownIpMasq(host, conf.name, id);
  }
  if (conf.ipamType && await delegateSpeaks110(conf, env)) await execDelegate(conf.ipamType, env, 'GC', stdin);
}
