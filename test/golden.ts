// Golden requests captured from iproute2 (scripts/capture-golden.js) and comparison with ours.
import { NLM_F_ACK, NLM_F_REQUEST } from '../lib/uapi/netlink';
import fs from 'node:fs';
import path from 'node:path';
import { MessageWriter } from '../lib/codecs/writer';

export interface Capture {
  id: string;
  argv: string[];
  links: Record<string, number>;
  exitCode: number;
  stderr: string;
  request: string;
  requestType: string;
  requestFlags: string;
  nsFds?: Array<{ fd: number; where: string }>;
  netnsOpens?: Array<{ path: string; fd: number }>;
}

const cache = new Map<string, Capture[]>();

export function captures(group: string): Capture[] {
  let list = cache.get(group);
  if (!list) {
    const file = path.join(__dirname, 'fixtures', 'golden', `${group}.json`);
    list = JSON.parse(fs.readFileSync(file, 'utf8')).captures as Capture[];
    cache.set(group, list);
  }
  return list;
}

export function capture(group: string, id: string): Capture {
  const c = captures(group).find((x) => x.id === id);
  if (!c) throw new Error(`no golden capture ${group}/${id}`);
  return c;
}

/** One request as this library sends it: REQUEST|ACK plus flags, seq and port 0. */
export function encodeRequest(type: number, flags: number, encode: (w: MessageWriter) => void): Buffer {
  const w = new MessageWriter();
  const start = w.begin(type, NLM_F_REQUEST | NLM_F_ACK | flags);
  encode(w);
  w.end(start);
  return w.toBuffer();
}

/** Hex of a message with sequence number and port id zeroed (they differ on every run). */
export function normalized(msg: Buffer | string): string {
  const b = Buffer.from(typeof msg === 'string' ? Buffer.from(msg, 'hex') : msg);
  if (b.length >= 16) b.fill(0, 8, 16);
  return b.toString('hex');
}

/** Expects our message to be byte for byte the captured one (seq and port aside). */
export function expectSameAsCapture(ours: Buffer, c: Capture): void {
  expect({ id: c.id, bytes: normalized(ours) }).toEqual({ id: c.id, bytes: normalized(c.request) });
}
