// Options of ns.listen, ns.connect and ns.createSocket -> checked values, before any socket is made.
import { Schema, address, bool, int, required } from './schema';

const port = int(0, 65535);
export const listenOptionsSchema = new Schema('listen options', {
  port, host: address(), backlog: int(1, 0x7fffffff), ipv6Only: bool,
});
export const connectOptionsSchema = new Schema('connect options', {
  port: required(int(1, 65535)), host: required(address()), localAddress: address(),
});
export const udpOptionsSchema = new Schema('createSocket options', { address: address(), port, ipv6Only: bool });
