#include "report_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace cosim {

namespace fs = std::filesystem;

namespace {

std::string folder_of(const fs::path& p) {
  const fs::path parent = p.parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// Writes all of text to fd; false with errno set on a failure.
bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw ReportWriteError(fmt::format("cannot write {}: {} ({})", path, what, std::strerror(err)));
}

void write_in_place(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "open failed", errno);
  if (!write_all(fd, text)) {
    const int err = errno;
    ::close(fd);
    fail(path, "write failed", err);
  }
  if (::close(fd) != 0) fail(path, "close failed", errno);
}

void write_and_rename(const fs::path& target, const std::string& shown, const std::string& text) {
  const std::string tmp = fmt::format("{}.tmp.{}", target.string(), static_cast<long>(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(shown, fmt::format("cannot create {}", tmp), errno);
  const bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  const int err = errno;
  if (::close(fd) != 0 || !ok) {
    ::unlink(tmp.c_str());
    fail(shown, "write failed", ok ? errno : err);
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int rerr = errno;
    ::unlink(tmp.c_str());
    fail(shown, "rename failed", rerr);
  }
}

}  // namespace

void check_report_path(const std::string& path, const std::string& option) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) {
    throw std::invalid_argument(fmt::format("{} {}: is a folder, not a file", option, path));
  }
  if (fs::exists(p, ec) && !fs::is_regular_file(p, ec)) return;  // a device or FIFO: written in place
  const std::string dir = folder_of(fs::exists(p, ec) ? fs::canonical(p, ec) : p);
  if (!fs::is_directory(dir, ec)) {
    throw std::invalid_argument(fmt::format("{} {}: the folder {} does not exist", option, path, dir));
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw std::invalid_argument(fmt::format("{} {}: the folder {} cannot be written ({})", option, path, dir,
                                            std::strerror(errno)));
  }
}

void write_report_file(const std::string& path, const std::string& text) {
  std::error_code ec;
  const fs::path p(path);
  const fs::file_status st = fs::status(p, ec);  // follows a symbolic link
  if (st.type() != fs::file_type::not_found && !fs::is_regular_file(st)) {
    if (fs::is_directory(st)) throw ReportWriteError(fmt::format("cannot write {}: is a folder", path));
    write_in_place(path, text);
    return;
  }
  fs::path target = p;
  if (fs::is_symlink(fs::symlink_status(p, ec))) {
    target = st.type() == fs::file_type::not_found ? fs::absolute(p.parent_path() / fs::read_symlink(p, ec))
                                                   : fs::canonical(p, ec);
  }
  if (!fs::is_directory(folder_of(target), ec)) {
    throw ReportWriteError(fmt::format("cannot write {}: the folder {} does not exist", path, folder_of(target)));
  }
  write_and_rename(target, path, text);
}

}  // namespace cosim
