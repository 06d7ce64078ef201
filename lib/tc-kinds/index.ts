// The qdisc and class kinds ns.tc knows, by name.
import type { TcKind } from './kind';
import { tbf } from './tbf';
import { htbClass, htbQdisc } from './htb';
import { fqCodel } from './fq-codel';
import { prio } from './prio';
import { netem } from './netem';
import { clsact, ingress } from './ingress';

const byName = (kinds: TcKind[]): ReadonlyMap<string, TcKind> => new Map(kinds.map((k) => [k.kind, k]));

export const QDISC_KINDS = byName([tbf, htbQdisc, fqCodel, prio, netem, ingress, clsact]);
export const CLASS_KINDS = byName([htbClass]);
export type { TcKind } from './kind';
