#include "printable.hpp"

#include <fmt/format.h>

namespace cosim {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
size_t utf8_length(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0U; };
  const unsigned c = b(i);
  const auto cont = [&](size_t k) { return (b(k) & 0xC0U) == 0x80U; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned c1 = b(i + 1);
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // a surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned c1 = b(i + 1);
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

std::string hex_byte(unsigned char c) { return fmt::format("\\x{:02x}", static_cast<unsigned>(c)); }

}  // namespace

std::string utf8_safe(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_length(s, i);
    if (n == 0) {
      o += hex_byte(static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    o.append(s, i, n);
    i += n;
  }
  return o;
}

std::string xml_escape(const std::string& text, bool attribute) {
  const std::string s = utf8_safe(text);
  std::string o;
  o.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFEU) == 0xBE) {
      o += hex_byte(c) + hex_byte(0xBF) + hex_byte(static_cast<unsigned char>(s[i + 2]));
      i += 2;
      continue;
    }
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += attribute ? "&quot;" : "\""; break;
      case '\'': o += attribute ? "&apos;" : "'"; break;
      case '\t': o += attribute ? "&#9;" : "\t"; break;
      case '\n': o += attribute ? "&#10;" : "\n"; break;
      case '\r': o += "&#13;"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          o += hex_byte(c);
        } else {
          o += static_cast<char>(c);
        }
    }
  }
  return o;
}

}  // namespace cosim
