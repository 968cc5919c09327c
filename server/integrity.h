#pragma once

// Signed checkpoints on the server (see core/checkpoint.h for what is signed): they arrive with
// sync batches, are verified against the device's certificate and the entries the server holds,
// and are kept, with the public key that verified them, in device_checkpoints. Later checks
// compare the stored entries with them, so a rewrite of a device's stored history after the fact
// (even one that recomputes every hash) is detected.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checkpoint.h"
#include "database.h"
#include "ledger.h"
#include "result.h"

namespace Poco::Data {
class Session;
}
namespace Poco::Util {
class Timer;
}

namespace indblik::server {

// At most this many checkpoints in one sync batch.
inline constexpr std::size_t kMaxBatchCheckpoints = 100;

// Verifies and stores a batch's checkpoints inside the ingest transaction, after its entries
// (which queries in that transaction see). headSeq and headHash are the device's chain head after
// the batch. A checkpoint must be for an entry the server holds, carry that entry's hash as its
// head, and verify with the public key of peerCertPem. One already stored with the same head is
// skipped; one for an entry retention has deleted cannot be checked and is skipped too.
struct CheckpointOutcome {
    std::optional<std::string> refusal; // what is wrong with the first that failed; then none
                                        // of them is stored
    std::int64_t handledUpTo = 0;       // the highest checkpoint seq stored or skipped
    std::size_t stored = 0;
};
CheckpointOutcome storeCheckpoints(Poco::Data::Session& s, const std::string& deviceId,
                                   std::int64_t headSeq, const std::string& headHash,
                                   const std::vector<Checkpoint>& checkpoints,
                                   const std::string& peerCertPem, const std::string& received);

// The highest checkpoint sequence stored for the device (0 when none).
std::int64_t storedCheckpointSeq(Poco::Data::Session& s, const std::string& deviceId);

// Whether a device's stored record still matches what the device signed.
struct DeviceIntegrity {
    std::string deviceId;
    bool verified = false;    // at least one checkpoint was received and verified
    bool intact = true;       // nothing found that contradicts a checkpoint or the chain
    std::int64_t seq = 0;     // the newest checkpoint that still verifies
    std::string verifiedUpTo; // its time (signed by the device)
    std::string problem;      // when not intact: what was found, in English, naming the entry
    std::optional<std::int64_t> firstBroken;
    std::string checkedAt; // the last full check (verifyDevice), empty when never
    std::int64_t checkpoints = 0;
};

// Cheap, for every read of the person's data: the newest checkpoint's signature and the stored
// entry at its sequence (its hash recomputed from its content, and equal to the signed head),
// plus the outcome of the last full check. A rewrite that recomputes the chain from any entry
// up to the newest checkpoint changes that entry's hash and is caught here; one that leaves a
// stored entry's hash stale is caught by the full check.
DeviceIntegrity integritySummary(Poco::Data::Session& s, const std::string& deviceId);

// The full check: recomputes every stored entry's hash and link, compares each kept checkpoint's
// head with the stored entry at its sequence and verifies its signature. With `record`, the
// outcome is kept (device_integrity) so integritySummary reports a problem found here.
Result<DeviceIntegrity> verifyDevice(Database& db, const std::string& deviceId, bool record);

// The full check of every device, each outcome kept (for the employee's view and `admin
// health`). A device whose check fails to run does not stop the others; its error is returned.
struct IntegrityRound {
    std::size_t checked = 0;
    std::vector<std::string> changed; // "<device>: <problem>" for each record found changed
    std::vector<std::string> errors;
};
IntegrityRound verifyAllDevices(Database& db);

// Runs verifyAllDevices in the server process, first after firstDelayMs and then every
// intervalMs (default: after ten minutes, then daily), so a rewrite of the stored history that
// leaves stale hashes behind is found without anyone running `admin verify-device`.
class IntegrityScheduler {
public:
    explicit IntegrityScheduler(Database& db);
    ~IntegrityScheduler();
    IntegrityScheduler(const IntegrityScheduler&) = delete;
    IntegrityScheduler& operator=(const IntegrityScheduler&) = delete;
    void start(long firstDelayMs = 10 * 60 * 1000, long intervalMs = 24 * 60 * 60 * 1000);
    void stop();

private:
    Database& m_db;
    std::unique_ptr<Poco::Util::Timer> m_timer;
};

} // namespace indblik::server
