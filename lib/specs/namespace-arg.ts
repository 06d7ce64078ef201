// A Namespace given as an argument (veth peer, set({ namespace }), id, setId, equals): a real,
// open handle. A brand check, not instanceof: Object.create(Namespace.prototype) is no handle.
import type { Namespace } from '../namespace';
import { isNamespace } from '../collections/context';
import { invalidArgType, invalidArgValue } from '../errors';

export function validateNamespaceArg(value: unknown, field: string): Namespace {
  if (!isNamespace(value)) throw invalidArgType(field, 'a Namespace', value);
  if (value.closed) throw invalidArgValue(field, `Namespace(${value.name ?? value.path})`, 'is a closed Namespace handle');
  return value;
}
