#include "server_limits.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <Poco/Net/IPAddress.h>

namespace indblik::server {

Result<double> parseRate(const std::string& text) {
    if (text == "off" || text == "0") {
        return 0.0;
    }
    std::string number = text;
    double per = 1;
    if (const auto slash = text.find('/'); slash != std::string::npos) {
        number = text.substr(0, slash);
        const std::string unit = text.substr(slash + 1);
        if (unit == "s") {
            per = 1;
        } else if (unit == "min") {
            per = 60;
        } else {
            return Error{"--rate-limit: unknown unit \"" + unit + "\" in \"" + text +
                         "\" (use N/s, N/min or off)"};
        }
    }
    double value = 0;
    const auto* end = number.data() + number.size();
    const auto [ptr, ec] = std::from_chars(number.data(), end, value);
    if (number.empty() || ec != std::errc() || ptr != end || !(value > 0) || value > 1e6) {
        return Error{"--rate-limit: expected N/s, N/min or off with N from 0 to 1000000, got \"" +
                     text + "\""};
    }
    return value / per;
}

RateLimiter::RateLimiter(double ratePerSecond, double burst, std::size_t maxClients)
    : m_rate(ratePerSecond), m_burst(std::max(1.0, burst)),
      m_maxClients(std::max<std::size_t>(1, maxClients)) {}

void RateLimiter::forgetIdle(Clock::time_point now) {
    // A bucket idle this long has refilled completely even from the deepest penalty (one burst
    // below zero), so forgetting it changes nothing. m_recent is ordered by last use, so the
    // idle ones are at its end.
    const auto full = std::chrono::duration<double>(2 * m_burst / m_rate);
    while (!m_recent.empty()) {
        const auto it = m_buckets.find(m_recent.back());
        if (now - it->second.last < full && m_buckets.size() <= m_maxClients) {
            break;
        }
        m_buckets.erase(it);
        m_recent.pop_back();
    }
}

RateLimiter::Bucket& RateLimiter::bucketFor(const std::string& client, Clock::time_point now) {
    auto it = m_buckets.find(client);
    if (it == m_buckets.end()) {
        m_recent.push_front(client);
        Bucket fresh;
        fresh.tokens = m_burst;
        fresh.last = now;
        fresh.order = m_recent.begin();
        it = m_buckets.emplace(client, fresh).first;
        // Over the cap, the client seen least recently goes (never the one just added).
        forgetIdle(now);
        return it->second;
    }
    Bucket& bucket = it->second;
    const double elapsed = std::chrono::duration<double>(now - bucket.last).count();
    if (elapsed > 0) {
        bucket.tokens = std::min(m_burst, bucket.tokens + elapsed * m_rate);
        bucket.last = now;
    }
    m_recent.splice(m_recent.begin(), m_recent, bucket.order);
    return bucket;
}

int RateLimiter::take(const std::string& client, Clock::time_point now) {
    if (!enabled()) {
        return 0;
    }
    std::lock_guard lock(m_mutex);
    forgetIdle(now);
    Bucket& bucket = bucketFor(client, now);
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
    }
    const double wait = (1 - bucket.tokens) / m_rate;
    return std::max(1, static_cast<int>(std::ceil(wait)));
}

void RateLimiter::charge(const std::string& client, double cost, Clock::time_point now) {
    if (!enabled() || cost <= 0) {
        return;
    }
    std::lock_guard lock(m_mutex);
    Bucket& bucket = bucketFor(client, now);
    bucket.tokens = std::max(-m_burst, bucket.tokens - cost);
}

std::size_t RateLimiter::trackedClients() const {
    std::lock_guard lock(m_mutex);
    return m_buckets.size();
}

std::string addressKey(const std::string& address) {
    try {
        Poco::Net::IPAddress ip(address);
        if (ip.family() == Poco::Net::IPAddress::IPv6 && !ip.isIPv4Mapped()) {
            return "ip:" + (ip & Poco::Net::IPAddress(64, Poco::Net::IPAddress::IPv6)).toString() +
                   "/64";
        }
    } catch (const Poco::Exception&) {
        // Not an address Poco parses: keyed as given.
    }
    return "ip:" + address;
}

} // namespace indblik::server
