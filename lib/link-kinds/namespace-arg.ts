// A Namespace given as an argument (veth peer, set({ namespace }), id, setId, equals): a real,
// open handle. A brand check, not instanceof: Object.create(Namespace.prototype) is no handle.
import { isNamespace, type Namespace } from '../namespace';
import { invalidArgType, invalidArgValue } from '../errors';

export function validateNamespaceArg(value: unknown, field: string): Namespace {
  // isNamespace is read at call time, so the import cycle namespace -> links -> kinds is harmless.
  if (!isNamespace(value)) throw invalidArgType(field, 'a Namespace', value);
  if (value.closed) throw invalidArgValue(field, `Namespace(${value.name ?? value.path})`, 'is a closed Namespace handle');
  return value;
}
