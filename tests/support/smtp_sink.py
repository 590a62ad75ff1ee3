"""A real SMTP server for tests (aiosmtpd): every message received is written to DIR as <n>.eml
(raw, as received) and <n>.txt (headers plus the decoded text/plain part, as a mail client shows it).

usage: python3 smtp_sink.py DIR PORT
Prints "ready" once it accepts connections; stops when stdin closes or on SIGTERM.
"""
import email
import email.policy
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        with open(os.path.join(self.directory, f"{n}.eml"), "wb") as f:
            f.write(envelope.content)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        text = "".join(f"{h}: {msg[h]}\n" for h in ("From", "To", "Subject"))
        text += "\n" + (body.get_content() if body else "")
        tmp = os.path.join(self.directory, f"{n}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        # Written under a temporary name so a reader never sees half a mail.
        os.rename(tmp, os.path.join(self.directory, f"{n}.txt"))
        return "250 Message accepted for delivery"


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Keep(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
