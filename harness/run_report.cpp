#include "run_report.hpp"

#include <chrono>
#include <ctime>

#include "commands.hpp"

namespace cosim {

int RunReport::passed() const {
  int n = 0;
  for (const SetReport& s : sets) n += s.result.passed();
  return n;
}

int RunReport::failed() const {
  int n = 0;
  for (const SetReport& s : sets) n += s.result.failed();
  return n;
}

int RunReport::skipped() const {
  int n = 0;
  for (const SetReport& s : sets)
    for (const CaseResult& c : s.result.cases) n += c.status == Status::Skip;
  return n;
}

uint64_t RunReport::cycles() const {
  uint64_t n = 0;
  for (const SetReport& s : sets) n += s.cycles;
  return n;
}

double RunReport::seconds() const {
  double t = 0;
  for (const SetReport& s : sets) t += s.seconds;
  return t;
}

int combine_exit_codes(const std::vector<int>& codes) {
  int worst = kPass;
  const auto rank = [](int c) {
    switch (c) {
      case kHung: return 3;
      case kMismatch: return 2;
      case kFilesWrong: return 1;
      default: return 0;
    }
  };
  for (const int c : codes)
    if (rank(c) > rank(worst)) worst = c;
  return worst;
}

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

}  // namespace cosim
