"""A real SMTP server on 127.0.0.1 for the notification tests (aiosmtpd), and what it
received, parsed."""

import email
import socket
from dataclasses import dataclass
from email.policy import default

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    subject: str
    body: str
    sender: str
    recipients: list


class Mailbox:
    """The aiosmtpd handler: keeps every message; `refuse` answers the next ones with a
    temporary failure instead."""

    def __init__(self):
        self.messages = []
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        parsed = email.message_from_bytes(envelope.content, policy=default)
        self.messages.append(
            Received(
                subject=" ".join(str(parsed["Subject"]).split()),
                body=parsed.get_content(),
                sender=str(parsed["From"]),
                recipients=list(envelope.rcpt_tos),
            )
        )
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m.recipients]

    def subjects(self, address=None):
        messages = self.to(address) if address else self.messages
        return [m.subject for m in messages]


class SMTPServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.mailbox = Mailbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
