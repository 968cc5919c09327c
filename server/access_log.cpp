#include "access_log.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace indblik::server {

std::string AccessLog::hashOf(const AccessEvent& e) {
    // Length-prefixed fields: no choice of field contents can make two events hash alike.
    std::string data;
    for (const std::string* field : {&e.prevHash, &e.personId, &e.time, &e.actorId, &e.actorName,
                                     &e.actorRole, &e.what, &e.why, &e.outcome}) {
        data += std::to_string(field->size()) + ":" + *field + ";";
    }
    data += std::to_string(e.seq);
    return sha256Hex(data);
}

void AccessLog::recordIn(Poco::Data::Session& s, const std::string& personId, const Caller& actor,
                         const std::string& what, const std::string& why,
                         const std::string& outcome) {
    const std::string chain = "access:" + personId;
    const std::string genesis(kGenesisHash);
    // Creating the head if missing, then bumping it, locks the row until commit (on SQLite the
    // write transaction is already exclusive): concurrent appends from several processes queue.
    s << "INSERT INTO chain_heads (chain, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (chain) DO "
         "NOTHING",
        useRef(chain), useRef(genesis), now;
    s << "UPDATE chain_heads SET seq = seq + 1 WHERE chain = $1", useRef(chain), now;
    Poco::Int64 seq = 0;
    std::string prev;
    s << "SELECT seq, hash FROM chain_heads WHERE chain = $1", into(seq), into(prev), useRef(chain),
        now;
    AccessEvent e;
    e.personId = personId;
    e.seq = seq;
    e.time = nowIso8601();
    e.actorId = actor.actorId;
    e.actorName = actor.name;
    e.actorRole = std::string(roleName(actor.role));
    e.what = what;
    e.why = why;
    e.outcome = outcome;
    e.prevHash = prev;
    e.hash = hashOf(e);
    s << "INSERT INTO access_events (person_id, seq, time, actor_id, actor_name, actor_role, "
         "what, why, outcome, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
         "$11)",
        useRef(e.personId), bind(seq), useRef(e.time), useRef(e.actorId), useRef(e.actorName),
        useRef(e.actorRole), useRef(e.what), useRef(e.why), useRef(e.outcome), useRef(e.prevHash),
        useRef(e.hash), now;
    s << "UPDATE chain_heads SET hash = $1 WHERE chain = $2", useRef(e.hash), useRef(chain), now;
}

Status AccessLog::record(const std::string& personId, const Caller& actor, const std::string& what,
                         const std::string& why, const std::string& outcome) {
    return m_db.write("record an access to a person's data", [&](Poco::Data::Session& s) {
        recordIn(s, personId, actor, what, why, outcome);
        return true;
    });
}

Result<std::vector<AccessEvent>> AccessLog::events(const std::string& personId, std::size_t limit) {
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> times, ids, names, roles, whats, whys, outcomes, prevs, hashes;
    const Poco::Int64 max = limit == 0 ? Poco::Int64{1} << 62 : static_cast<Poco::Int64>(limit);
    auto status = m_db.read("read the access log", [&](Poco::Data::Session& s) {
        s << "SELECT seq, time, actor_id, actor_name, actor_role, what, why, outcome, "
             "prev_hash, hash FROM access_events WHERE person_id = $1 ORDER BY seq LIMIT $2",
            into(seqs), into(times), into(ids), into(names), into(roles), into(whats), into(whys),
            into(outcomes), into(prevs), into(hashes), useRef(personId), bind(max), now;
    });
    if (!status) {
        return Error{status.error()};
    }
    std::vector<AccessEvent> out;
    out.reserve(seqs.size());
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        out.push_back({personId, seqs[i], std::move(times[i]), std::move(ids[i]),
                       std::move(names[i]), std::move(roles[i]), std::move(whats[i]),
                       std::move(whys[i]), std::move(outcomes[i]), std::move(prevs[i]),
                       std::move(hashes[i])});
    }
    return out;
}

Result<ChainCheck> AccessLog::verify(const std::string& personId) {
    auto all = events(personId);
    if (!all) {
        return Error{all.error()};
    }
    Poco::Int64 headSeq = 0;
    std::string headHash(kGenesisHash);
    const std::string chain = "access:" + personId;
    auto status = m_db.read("read the access log's head", [&](Poco::Data::Session& s) {
        std::vector<Poco::Int64> seqs;
        std::vector<std::string> hashes;
        s << "SELECT seq, hash FROM chain_heads WHERE chain = $1", into(seqs), into(hashes),
            useRef(chain), now;
        if (!seqs.empty()) {
            headSeq = seqs.front();
            headHash = hashes.front();
        }
    });
    if (!status) {
        return Error{status.error()};
    }
    ChainCheck check;
    const auto broken = [&check](std::int64_t seq, std::string reason) {
        check.intact = false;
        check.firstBroken = seq;
        check.reason = std::move(reason);
        return check;
    };
    std::string prev(kGenesisHash);
    std::int64_t expected = 1;
    for (const auto& e : all.value()) {
        if (e.seq != expected) {
            return broken(expected, "event " + std::to_string(expected) + " is missing");
        }
        if (e.prevHash != prev) {
            return broken(e.seq, "does not continue the chain");
        }
        if (hashOf(e) != e.hash) {
            return broken(e.seq, "was changed after it was recorded");
        }
        prev = e.hash;
        ++expected;
    }
    if (expected - 1 != headSeq || prev != headHash) {
        return broken(expected, "events after " + std::to_string(expected - 1) +
                                    " were removed (the chain's head is at " +
                                    std::to_string(headSeq) + ")");
    }
    return check;
}

} // namespace indblik::server
