// A private copy of a namespace fd, taken on the JS thread, for work that runs later on a pool
// thread: closing the JS handle meanwhile (or a new handle reusing its number) cannot make the
// work fail with EBADF or, worse, land in another namespace.
#pragma once
#include <fcntl.h>
#include <unistd.h>
#include <cerrno>

namespace netns {

class FdCopy {
 public:
  // Negative values (kThisNetns, kNewNetns) are not fds and are kept as they are.
  explicit FdCopy(int fd) : fd_(fd < 0 ? fd : fcntl(fd, F_DUPFD_CLOEXEC, 0)), err_(fd >= 0 && fd_ < 0 ? errno : 0) {}
  FdCopy(FdCopy&& other) noexcept : fd_(other.fd_), err_(other.err_) { other.fd_ = -1; }
  FdCopy(const FdCopy&) = delete;
  FdCopy& operator=(const FdCopy&) = delete;
  FdCopy& operator=(FdCopy&&) = delete;
  ~FdCopy() {
    if (fd_ >= 0) close(fd_);
  }

  int get() const { return fd_; }
  /** errno of a failed copy (EBADF for a closed handle), else 0. */
  int error() const { return err_; }

 private:
  int fd_;
  int err_;
};

}  // namespace netns
