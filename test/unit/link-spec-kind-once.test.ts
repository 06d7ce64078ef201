// links.add picks the schema by the spec's kind, then the schema copies the spec: a getter that
// gives another kind on the second read must not get a veth copy checked by the bridge schema.
import '../../lib';  // registers the link kinds
import { validateLinkSpec } from '../../lib/specs/link-spec';

test('a kind that changes between reads is refused', () => {
  let reads = 0;
  const spec = { name: 'x0' };
  Object.defineProperty(spec, 'kind', { enumerable: true, get: () => (reads++ === 0 ? 'bridge' : 'veth') });
  expect(() => validateLinkSpec(spec)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  expect(reads).toBe(2);
  // A kind that reads the same each time is taken.
  expect(validateLinkSpec({ kind: 'veth', name: 'x0', peer: { name: 'x1' } }).spec.kind).toBe('veth');
});
