// A Namespace given as an argument (veth peer, set({ namespace })): must be an open handle.
import { Namespace } from '../namespace';
import { invalidArgType, invalidArgValue } from '../errors';

export function validateNamespaceArg(value: unknown, field: string): Namespace {
  // Namespace is read at call time, so the import cycle namespace -> links -> kinds is harmless.
  if (!(value instanceof Namespace)) throw invalidArgType(field, 'a Namespace', value);
  if (value.closed) throw invalidArgValue(field, `Namespace(${value.name ?? value.path})`, 'is a closed Namespace handle');
  return value;
}
