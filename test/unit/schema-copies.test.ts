// A schema's checked copy is trusted when it is parsed again (a batch hands its copies to the
// methods), so it must not be changeable: a copy that reached user code and was changed would
// otherwise pass back unchecked.
import { routeSpecSchema } from '../../lib/specs/route';
import { nexthopSpecSchema } from '../../lib/specs/nexthop';

test('a checked copy and its arrays cannot be changed, so parsing it again returns checked values', () => {
  const route = routeSpecSchema.parse({ dst: '10.1.0.0/24', via: '10.0.0.1' });
  expect(() => { route.dst = 'not a prefix'; }).toThrow(TypeError);
  expect(() => { route.table = -1; }).toThrow(TypeError);
  // Parsing it again: what the first parse checked, still (a fresh parse of the same values agrees).
  expect({ ...routeSpecSchema.parse(route) }).toEqual({ ...routeSpecSchema.parse({ dst: '10.1.0.0/24', via: '10.0.0.1' }) });

  const nexthop = nexthopSpecSchema.parse({ id: 1, group: [{ id: 2 }] });
  const group = nexthop.group as Array<Record<string, unknown>>;
  expect(() => group.push({ id: -1 })).toThrow(TypeError);
  expect(() => { group[0].id = 0; }).toThrow(TypeError);
  expect(nexthopSpecSchema.parse(nexthop).group).toEqual([{ id: 2 }]);
});
