// Refuses to run where the tests could not work (not root), before any test touches anything.
export default function globalSetup(): void {
  if (process.getuid && process.getuid() !== 0) {
    throw new Error('the netns tests need root (CAP_SYS_ADMIN, CAP_NET_ADMIN): run them as root');
  }
  // Names made by this run start with nstest-RUNID- (workers inherit the variable), so the
  // teardown judges and removes only this run's leftovers, never a parallel run's namespaces.
  process.env.NETNS_TEST_RUN ??= Math.random().toString(36).slice(2, 8);
}
