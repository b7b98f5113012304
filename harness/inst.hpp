// The core's instruction word (SPEC section 3), as named fields.
#pragma once

#include <cstdint>
#include <string>

namespace cosim {

/// The course's 34-bit word, or the common 35-bit variant whose bit 34 is a
/// ReLU pulse given after accumulation.
enum class InstFormat { Std34, Relu35 };

inline int inst_width(InstFormat f) { return f == InstFormat::Std34 ? 34 : 35; }

/// One instruction. Defaults are the idle word: both SRAMs disabled (the
/// enables are active low), every strobe low.
struct Inst {
  bool acc = false;       // [33]
  bool cen_pmem = true;   // [32] active low
  bool wen_pmem = true;   // [31] active low
  uint32_t a_pmem = 0;    // [30:20]
  bool cen_xmem = true;   // [19] active low
  bool wen_xmem = true;   // [18] active low
  uint32_t a_xmem = 0;    // [17:7]
  bool ofifo_rd = false;  // [6]
  bool ififo_wr = false;  // [5] unused in WS
  bool ififo_rd = false;  // [4] unused in WS
  bool l0_rd = false;     // [3]
  bool l0_wr = false;     // [2]
  bool execute = false;   // [1]
  bool load = false;      // [0]
  bool relu = false;      // [34], Relu35 only

  uint64_t encode() const;
  static Inst decode(uint64_t word);
  /// Short human form for schedules and reports, e.g. "xmem.rd@1024 l0_wr".
  std::string describe() const;
};

inline constexpr uint32_t kAddrMask = 0x7FF;  // both SRAM addresses are 11 bits
inline constexpr uint32_t kWeightBase = 1024; // weights live at input-SRAM 1024..

}  // namespace cosim
