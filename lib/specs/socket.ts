// Options of ns.listen, ns.connect and ns.createSocket -> checked values, before any socket is made.
// Addresses are parsed by their check, once: the copy holds the ParsedAddress the socket is bound to.
import { Schema, bool, int, linkName, required, type Check } from './schema';
import { parseAddress } from './ip';

const address: Check = (v, name) => parseAddress(v, name);

const port = int(0, 65535);
// SO_BINDTODEVICE's name: a link of the namespace, a VRF device most often.
const device = linkName;
export const listenOptionsSchema = new Schema('listen options', {
  port, host: address, backlog: int(1, 0x7fffffff), ipv6Only: bool, device,
});
export const connectOptionsSchema = new Schema('connect options', {
  port: required(int(1, 65535)), host: required(address), localAddress: address, device,
});
export const udpOptionsSchema = new Schema('createSocket options', { address, port, ipv6Only: bool, device });
