// The symbolic name of an errno (ESTALE), as Node's errors carry in their code.
#pragma once
#include <string>

namespace netns {

std::string ErrnoName(int err);

}  // namespace netns
