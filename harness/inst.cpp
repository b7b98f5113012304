#include "inst.hpp"

namespace cosim {

namespace {
uint64_t bit(bool b, int pos) { return static_cast<uint64_t>(b) << pos; }
bool get(uint64_t w, int pos) { return ((w >> pos) & 1U) != 0; }
}  // namespace

uint64_t Inst::encode() const {
  return bit(relu, 34) | bit(acc, 33) | bit(cen_pmem, 32) | bit(wen_pmem, 31) |
         (static_cast<uint64_t>(a_pmem & kAddrMask) << 20) | bit(cen_xmem, 19) |
         bit(wen_xmem, 18) | (static_cast<uint64_t>(a_xmem & kAddrMask) << 7) |
         bit(ofifo_rd, 6) | bit(ififo_wr, 5) | bit(ififo_rd, 4) | bit(l0_rd, 3) |
         bit(l0_wr, 2) | bit(execute, 1) | bit(load, 0);
}

Inst Inst::decode(uint64_t w) {
  Inst i;
  i.relu = get(w, 34);
  i.acc = get(w, 33);
  i.cen_pmem = get(w, 32);
  i.wen_pmem = get(w, 31);
  i.a_pmem = static_cast<uint32_t>(w >> 20) & kAddrMask;
  i.cen_xmem = get(w, 19);
  i.wen_xmem = get(w, 18);
  i.a_xmem = static_cast<uint32_t>(w >> 7) & kAddrMask;
  i.ofifo_rd = get(w, 6);
  i.ififo_wr = get(w, 5);
  i.ififo_rd = get(w, 4);
  i.l0_rd = get(w, 3);
  i.l0_wr = get(w, 2);
  i.execute = get(w, 1);
  i.load = get(w, 0);
  return i;
}

std::string Inst::describe() const {
  std::string s;
  auto add = [&s](const std::string& part) {
    if (!s.empty()) s += ' ';
    s += part;
  };
  if (!cen_xmem) add((wen_xmem ? "xmem.rd@" : "xmem.wr@") + std::to_string(a_xmem));
  if (!cen_pmem) add((wen_pmem ? "pmem.rd@" : "pmem.wr@") + std::to_string(a_pmem));
  if (l0_wr) add("l0_wr");
  if (l0_rd) add("l0_rd");
  if (load) add("load");
  if (execute) add("execute");
  if (ofifo_rd) add("ofifo_rd");
  if (ififo_wr) add("ififo_wr");
  if (ififo_rd) add("ififo_rd");
  if (acc) add("acc");
  if (relu) add("relu");
  return s.empty() ? "idle" : s;
}

}  // namespace cosim
