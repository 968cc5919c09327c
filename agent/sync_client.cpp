// Placeholder until the enrollment/sync client lands (being written in parallel).
#include "sync_client.h"

#include <filesystem>

namespace indblik::agent {

Status enroll(const EnrollRequest&) {
    return Error{"enrollment is not built yet"};
}

bool isEnrolled(const std::string& identityDir) {
    return std::filesystem::exists(identityDir + "/agent.crt");
}

Result<std::unique_ptr<SyncClient>> SyncClient::create(const std::string&) {
    return Error{"sync is not built yet"};
}

} // namespace indblik::agent
