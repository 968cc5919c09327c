#pragma once

// For tests: a tiny SMTP server on 127.0.0.1 — a real TCP socket speaking enough SMTP for
// Poco's SMTPClientSession (greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA with dot-unstuffing,
// RSET, NOOP, QUIT) — that keeps every message it is given. Connections are served one at a
// time in one thread. Stopping it closes the socket, so a client sees the server down; a new
// sink may be started on the same port again. The listening socket is close-on-exec, so programs
// the test starts do not keep it open.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fcntl.h>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

namespace indblik::server::testing {

struct SinkMail {
    std::string from;
    std::vector<std::string> to;
    std::string data; // the message as sent (headers and body), CRLF line ends
};

class SmtpSink {
public:
    explicit SmtpSink(Poco::UInt16 port = 0) {
        m_socket.bind(Poco::Net::SocketAddress("127.0.0.1", port), true);
        m_socket.listen(16);
        // Not inherited by the programs the test starts: a server process holding the socket
        // would keep the port answering after stop().
        ::fcntl(m_socket.impl()->sockfd(), F_SETFD, FD_CLOEXEC);
        m_port = m_socket.address().port();
        m_thread = std::thread([this] { serve(); });
    }
    ~SmtpSink() { stop(); }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int port() const { return m_port; }

    void stop() {
        if (m_stop.exchange(true)) {
            return;
        }
        m_thread.join();
        m_socket.close();
    }

    std::vector<SinkMail> mails() const {
        std::lock_guard lock(m_mutex);
        return m_mails;
    }

    // Waits until at least n messages arrived; false after the timeout.
    bool waitFor(std::size_t n, std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_mutex);
        return m_arrived.wait_for(lock, timeout, [&] { return m_mails.size() >= n; });
    }

private:
    void serve() {
        while (!m_stop) {
            if (!m_socket.poll(Poco::Timespan(0, 50 * 1000), Poco::Net::Socket::SELECT_READ)) {
                continue;
            }
            try {
                Poco::Net::StreamSocket client = m_socket.acceptConnection();
                client.setReceiveTimeout(Poco::Timespan(5, 0));
                talk(client);
                client.close();
            } catch (const Poco::Exception&) {
                // A client that went away; the next one is served.
            }
        }
    }

    // One line without its CRLF; false when the connection ended.
    bool readLine(Poco::Net::StreamSocket& s, std::string& line) {
        for (;;) {
            const auto end = m_buffer.find("\r\n");
            if (end != std::string::npos) {
                line = m_buffer.substr(0, end);
                m_buffer.erase(0, end + 2);
                return true;
            }
            char chunk[4096];
            const int n = s.receiveBytes(chunk, sizeof chunk);
            if (n <= 0) {
                return false;
            }
            m_buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    static void say(Poco::Net::StreamSocket& s, const std::string& line) {
        const std::string out = line + "\r\n";
        s.sendBytes(out.data(), static_cast<int>(out.size()));
    }

    static std::string address(const std::string& line) {
        const auto open = line.find('<');
        const auto close = line.find('>', open == std::string::npos ? 0 : open);
        return open == std::string::npos || close == std::string::npos
                   ? std::string()
                   : line.substr(open + 1, close - open - 1);
    }

    void talk(Poco::Net::StreamSocket& s) {
        m_buffer.clear();
        say(s, "220 sink.test ESMTP test sink");
        SinkMail mail;
        std::string line;
        while (readLine(s, line)) {
            std::string verb = line.substr(0, line.find(' '));
            for (auto& c : verb) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            if (verb == "EHLO" || verb == "HELO") {
                say(s, "250 sink.test");
            } else if (verb == "MAIL") {
                mail = SinkMail{};
                mail.from = address(line);
                say(s, "250 OK");
            } else if (verb == "RCPT") {
                mail.to.push_back(address(line));
                say(s, "250 OK");
            } else if (verb == "DATA") {
                say(s, "354 End data with <CR><LF>.<CR><LF>");
                while (readLine(s, line) && line != ".") {
                    mail.data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
                }
                {
                    std::lock_guard lock(m_mutex);
                    m_mails.push_back(mail);
                }
                m_arrived.notify_all();
                say(s, "250 OK queued");
            } else if (verb == "RSET" || verb == "NOOP") {
                say(s, "250 OK");
            } else if (verb == "QUIT") {
                say(s, "221 Bye");
                return;
            } else {
                say(s, "502 Command not implemented");
            }
        }
    }

    Poco::Net::ServerSocket m_socket;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::string m_buffer;
    mutable std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::vector<SinkMail> m_mails;
};

} // namespace indblik::server::testing
