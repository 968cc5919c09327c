#pragma once

// Signed checkpoints: every so often the agent signs (device, sequence, chain head, time) with
// the device's private key, and the server verifies and keeps what it received. The chain makes
// an edit of one entry visible; a checkpoint makes a rewrite of the whole chain from some entry
// on (with every hash recomputed) visible too, because the rewritten head no longer matches the
// signed one. Whoever holds the device key could sign a new head: the copies the other side
// keeps are what make that visible.
//
// The signed bytes (UTF-8, fields separated by a single "\n", no trailing newline):
//
//   indblik-checkpoint-v1
//   <device id>
//   <seq, decimal, no sign or leading zeros>
//   <head: the hash of entry seq, 64 lowercase hex digits>
//   <time: when it was signed, ISO 8601 UTC as the ledger writes it>
//
// signed with ECDSA over SHA-256 (the signature DER-encoded, sent as base64).

#include <cstdint>
#include <string>

#include "result.h"

namespace indblik {

struct Checkpoint {
    std::int64_t seq = 0;
    std::string head;
    std::string time;
    std::string signature; // base64 of the DER ECDSA signature
};

inline constexpr std::string_view kCheckpointDomain = "indblik-checkpoint-v1";
// Bounds for parsers of outside input.
inline constexpr std::size_t kMaxCheckpointTime = 64;
inline constexpr std::size_t kMaxCheckpointSignature = 256; // base64; P-521 DER is < 140 bytes

// The exact byte string that is signed (see above). Refuses fields that would make it
// ambiguous: a line break in the device id or time, a head that is not 64 lowercase hex digits,
// a sequence below 1.
Result<std::string> checkpointMessage(const std::string& deviceId, const Checkpoint& checkpoint);

// Fills checkpoint.signature using the PEM private key (EC; the device's agent.key).
Status signCheckpoint(const std::string& privateKeyPem, const std::string& deviceId,
                      Checkpoint& checkpoint);

// Checks checkpoint.signature with the public key in publicKeyPem, which may be a certificate
// or a public key (PEM). The error says why it does not verify.
Status verifyCheckpoint(const std::string& publicKeyPem, const std::string& deviceId,
                        const Checkpoint& checkpoint);

// The public key of a certificate (or of a private key), as a PEM SubjectPublicKeyInfo, and the
// SHA-256 of its DER encoding as 64 hex digits (names the key in storage).
struct PublicKey {
    std::string pem;
    std::string id;
};
Result<PublicKey> publicKeyOf(const std::string& certOrKeyPem);

} // namespace indblik
