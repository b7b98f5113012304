// fuzz_reader_replay: runs the fuzz target's entry function, without
// libFuzzer, over files and folders of inputs (a corpus, the committed
// regression inputs) and over the generated seeds. Built by every build
// (ctest fuzz.reader.replay), so the target is compiled and exercised in CI.
//
//   fuzz_reader_replay [--seeds] [--write-seeds DIR] [FILE|DIR ...]
//     --seeds        also run the generated seed inputs
//     --verbose      print each input's outcome (parsed, or the error)
//     --write-seeds  write the seed inputs to DIR (the corpus `make fuzz` starts from)
// Exit 0 when every input kept the reader's contract; an input that breaks it
// aborts (as under libFuzzer), naming the file first.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "reader_case.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

namespace {

// The input being run, named by the SIGABRT handler when it aborts.
char current[4096] = "";

extern "C" void name_culprit(int) {
  const char head[] = "fuzz_reader_replay: aborted on input ";
  ssize_t r = ::write(2, head, sizeof head - 1);
  r = ::write(2, current, std::strlen(current));
  r = ::write(2, "\n", 1);
  static_cast<void>(r);
}

bool verbose = false;

int run(const std::string& name, const std::string& bytes, int& parsed) {
  std::snprintf(current, sizeof current, "%s", name.c_str());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  const fuzz::Outcome o = fuzz::run_reader_case(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  parsed += o.parsed ? 1 : 0;
  if (verbose)
    std::printf("%s [%s]: %s\n", name.c_str(), o.mode.c_str(), o.parsed ? "parsed" : o.error.c_str());
  return 1;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGABRT, name_culprit);
  std::vector<std::string> args(argv + 1, argv + argc);
  int inputs = 0;
  int parsed = 0;
  try {
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--verbose") {
        verbose = true;
      } else if (args[i] == "--seeds") {
        for (const fuzz::Seed& s : fuzz::seed_inputs()) inputs += run("seed " + s.name, s.bytes, parsed);
      } else if (args[i] == "--write-seeds" && i + 1 < args.size()) {
        const fs::path dir = args[++i];
        fs::create_directories(dir);
        const std::vector<fuzz::Seed> seeds = fuzz::seed_inputs();
        for (const fuzz::Seed& s : seeds) std::ofstream(dir / s.name, std::ios::binary) << s.bytes;
        std::printf("%zu seed inputs written to %s\n", seeds.size(), dir.string().c_str());
      } else if (fs::is_directory(args[i])) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(args[i]))
          if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& p : files) inputs += run(p.string(), read_bytes(p), parsed);
      } else if (fs::is_regular_file(args[i])) {
        inputs += run(args[i], read_bytes(args[i]), parsed);
      } else {
        std::fprintf(stderr, "fuzz_reader_replay: %s: not an option, file or folder\n", args[i].c_str());
        return 2;
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_reader_replay: %s\n", e.what());
    return 2;
  }
  std::printf("%d inputs replayed: %d parsed, %d rejected with an InputError, 0 contract violations\n", inputs, parsed,
              inputs - parsed);
  return 0;
}
