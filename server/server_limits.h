#pragma once

// The server's limits on its clients: how many requests each may make (a token bucket per
// client), how many connections may wait for a thread before new ones are answered 503, and
// how long an idle connection may hold a thread. docs/security.md lists them with their
// defaults.
//
// Each server process limits on its own: the rate limiter lives in the process's memory, so with
// N processes behind one name a client may make N times the rate overall.

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "result.h"

namespace indblik::server {

struct ServerLimits {
    // Requests per second per client (0: no rate limit), and how many it may make at once
    // after being quiet. An agent syncs once every 5 minutes and a person clicking through
    // pages makes a few requests a second; a loop makes hundreds.
    double ratePerSecond = 10;
    double burst = 100;
    // Threads per listener that serve connections.
    int maxThreads = 32;
    // Connections that may wait for a thread; a connection picked up while more than this many
    // wait behind it is answered 503 with Retry-After at once.
    int maxQueued = 256;
    // How long an idle keep-alive connection may keep its thread, and how long the server waits
    // for a request's bytes (a slow client holds a thread that long at most).
    int keepAliveSeconds = 5;
    int timeoutSeconds = 20;
};

// Parses "N/s", "N/min" or "N" (per second), or "off" (0), for --rate-limit.
Result<double> parseRate(const std::string& text);

// A token bucket per client key, in this process's memory. Memory is bounded: a bucket that has
// refilled completely is forgotten (it would behave like a new one), and beyond maxClients the
// client seen least recently is forgotten.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kDefaultMaxClients = 50000;

    RateLimiter(double ratePerSecond, double burst, std::size_t maxClients = kDefaultMaxClients);

    bool enabled() const { return m_rate > 0; }

    // Takes one request's token from client's bucket. Returns 0 when the request may go ahead,
    // else the whole seconds (at least 1) after which it may be retried.
    int take(const std::string& client) { return take(client, Clock::now()); }
    int take(const std::string& client, Clock::time_point now);

    // Charges extra requests' worth to client (a failed sign-in: see Reply::ratePenalty); the
    // bucket may go below zero, at most one burst deep, so the client waits longer.
    void charge(const std::string& client, double cost) { charge(client, cost, Clock::now()); }
    void charge(const std::string& client, double cost, Clock::time_point now);

    std::size_t trackedClients() const;

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point last;
        std::list<std::string>::iterator order; // position in m_recent
    };
    Bucket& bucketFor(const std::string& client, Clock::time_point now);
    void forgetIdle(Clock::time_point now);

    double m_rate;
    double m_burst;
    std::size_t m_maxClients;
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
    std::list<std::string> m_recent; // most recently seen first
};

// The rate-limit key for a peer address: "ip:" and the address; an IPv6 address by its /64,
// which one client typically has to itself.
std::string addressKey(const std::string& address);

} // namespace indblik::server
