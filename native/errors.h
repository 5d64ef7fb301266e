// Errors raised by argument checks, independent of N-API: the binding layer turns them
// into JavaScript TypeError / RangeError objects with the same message.
#pragma once

#include <stdexcept>
#include <string>

namespace ncps {

/** A bad argument: `range` selects RangeError (a bad value) over TypeError (a bad type). */
class ArgumentError : public std::runtime_error {
 public:
  ArgumentError(bool range, const std::string& message)
      : std::runtime_error(message), range_(range) {}
  bool isRange() const { return range_; }

 private:
  bool range_;
};

}  // namespace ncps
