// netns-exec's `vrf` step: what `ip vrf exec NAME` does before it runs a command. The process
// joins a cgroup v2 whose BPF_CGROUP_INET_SOCK_CREATE program sets every new inet socket's bound
// device to the VRF (sk_bound_dev_if), so any program, VRF-aware or not, lives in that VRF, and so
// do its children. The cgroup is the helper's own (netns-vrf.PID under the process's cgroup), laid
// out as iproute2 lays its own out ([NAME-ns/]vrf/VRF), so that `ip vrf identify` and `ip vrf pids`
// see the process; the library removes it when the command exits.
#pragma once
#include <string>

namespace netns {

struct VrfStepFailure {
  int err = 0;       // errno, or 0 where there is none
  std::string call;  // the failed call, or "vrf-unsupported" / "vrf-kind" (see lib/process.ts)
  std::string arg;   // the path, name or reason
};

class VrfCgroup {
 public:
  VrfCgroup() = default;
  VrfCgroup(const VrfCgroup&) = delete;
  VrfCgroup& operator=(const VrfCgroup&) = delete;
  ~VrfCgroup();
  // In the target network namespace, with the host's mounts still visible: finds where the cgroup
  // goes and checks that vrf is a VRF device there. nsName: '' for an unnamed namespace.
  bool Plan(const std::string& vrf, const std::string& nsName, VrfStepFailure& f);
  // The directory Enter makes below the process's own cgroup (the library removes it, whole).
  std::string top() const { return home_ + "/" + top_; }
  // Makes the cgroup, loads and attaches the program, and moves this process into it. On failure
  // nothing is left (what was made is removed).
  bool Enter(VrfStepFailure& f);
  // Moves this process back to the cgroup it came from and removes what Enter made: for a failure
  // after Enter, before the command runs.
  void Leave();
  bool entered() const { return entered_; }

 private:
  std::string vrf_;
  int ifindex_ = 0;
  std::string home_;  // the process's own cgroup directory
  int homeFd_ = -1;   // open on home_ (close-on-exec)
  std::string top_;   // netns-vrf.PID.TIME, below home_
  std::string leaf_;  // top_[/NAME-ns]/vrf/VRF, below home_
  bool entered_ = false;
  void RemoveMade();
};

}  // namespace netns
