// ingress and clsact: no options; tc puts them at parent ffff:fff1 with handle ffff:.
import { TC_H, tcHandle } from '../uapi/pkt_sched';
import { qdiscSchema, type TcKind } from './kind';

const defaults = { parent: TC_H.INGRESS, handle: tcHandle(TC_H.INGRESS, 0) };

export const ingress: TcKind = { kind: 'ingress', schema: qdiscSchema('ingress', {}), defaults };
export const clsact: TcKind = { kind: 'clsact', schema: qdiscSchema('clsact', {}), defaults };
