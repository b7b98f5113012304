// Text from anywhere (paths, file contents, messages) made safe for the
// formats others define: JSON strings must be UTF-8, XML 1.0 may not hold
// most control characters even escaped. Valid UTF-8 passes unchanged; any
// byte that is not part of a valid sequence becomes the four characters
// "\xNN", so a path with any bytes stays readable and the file stays valid.
#pragma once

#include <string>

namespace cosim {

/// Valid UTF-8: every byte of an invalid sequence (a stray continuation
/// byte, an overlong form, a surrogate, beyond U+10FFFF) as "\xNN".
std::string utf8_safe(const std::string& s);

/// utf8_safe(), and the characters XML 1.0 does not allow (controls other
/// than tab, line feed and carriage return; U+FFFE, U+FFFF) as "\xNN" too,
/// then escaped for an XML attribute or text: & < > " ' and, in attributes,
/// tab, line feed and carriage return as character references (an XML
/// parser would turn them into spaces).
std::string xml_escape(const std::string& s, bool attribute);

}  // namespace cosim
