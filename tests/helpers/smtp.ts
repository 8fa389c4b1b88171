/** A real SMTP server in-process (smtp-server on port 0) that keeps every message it accepts. */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** The raw message, with quoted-printable soft breaks and escapes undone. */
  text: string;
  subject: string;
}

export interface MailServer {
  url: string;
  mails: ReceivedMail[];
  /** Refuse the next n messages with a 451. */
  refuse: number;
  close(): Promise<void>;
}

const decodeQp = (s: string) =>
  s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

export async function startMailServer(): Promise<MailServer> {
  const box = { mails: [] as ReceivedMail[], refuse: 0 } as MailServer;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (box.refuse > 0) {
          box.refuse -= 1;
          const err = new Error('try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        const raw = Buffer.from(decodeQp(Buffer.concat(chunks).toString('utf8')), 'latin1').toString('utf8');
        box.mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          text: raw,
          subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '',
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as { port: number };
  box.url = `smtp://127.0.0.1:${port}`;
  box.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return box;
}
