// SIGINT and SIGTERM as a request to stop: the handler only records the
// signal; the driver polls it between cycles and the commands between sets,
// so a stopped run still prints its summary, writes its reports and exits
// 128 + the signal (130, 143). A second signal kills at once.
#pragma once

namespace cosim {

/// Installs the handlers (idempotent).
void catch_interrupts();
/// The signal received (SIGINT, SIGTERM), or 0.
int interrupted();
/// "SIGINT" / "SIGTERM".
const char* signal_name(int sig);

}  // namespace cosim
