// routes.get's from is parsed once, by the options schema, and still held to dst's family.
import * as ip from '../../lib/specs/ip';
import { ip as ipCmd, withNamespaces } from '../helpers';

test('routes.get with from: one parse of each address, the route the kernel picks, a mixed family refused', async () => {
  await withNamespaces(1, async (ns) => {
    await ipCmd(ns, ['link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1']);
    await ipCmd(ns, ['link', 'set', 'd0', 'up']);
    await ipCmd(ns, ['link', 'set', 'd1', 'up']);
    await ipCmd(ns, ['addr', 'add', '10.8.0.1/24', 'dev', 'd0']);
    const spy = jest.spyOn(ip, 'parseAddress');
    let route: Awaited<ReturnType<typeof ns.routes.get>> | undefined;
    try {
      route = await ns.routes.get('10.8.0.2', { from: '10.8.0.1' });
      expect(spy).toHaveBeenCalledTimes(2);  // dst and from
    } finally {
      spy.mockRestore();
    }
    // As ip route get reports it.
    expect(route).toMatchObject({ dst: '10.8.0.2/32', dev: 'd0' });
    expect(await ipCmd(ns, ['route', 'get', '10.8.0.2', 'from', '10.8.0.1'])).toMatch(/^10\.8\.0\.2 from 10\.8\.0\.1 dev d0/);
    await expect(ns.routes.get('10.8.0.2', { from: '2001:db8::1' })).rejects.toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }));
  });
});
