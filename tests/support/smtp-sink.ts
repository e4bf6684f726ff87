import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type TCapturedMail = {
  /** The envelope: what the client said in MAIL FROM and RCPT TO. */
  from: string;
  to: string[];
  /** The user the client authenticated as, null without AUTH. */
  user: string | null;
  raw: string;
  /** The raw message with quoted-printable soft breaks and escapes undone, to search for text. */
  decoded: string;
  /** A header's value, unfolded (`Subject`, `From`...). */
  header(name: string): string | null;
};

export type TSmtpSink = {
  port: number;
  messages: TCapturedMail[];
  /** `smtp://[user:pass@]127.0.0.1:<port>`, with the sink's credentials unless others are given. */
  url(credentials?: { user: string; pass: string }): string;
  close(): Promise<void>;
};

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives: what the product's mail code
 * talks to in tests. With `auth`, it requires those credentials; `rejectRecipient` may answer
 * a RCPT TO with a 550 carrying the text it returns (null accepts the address). No STARTTLS:
 * it would offer its built-in self-signed certificate, which a careful client rightly refuses.
 */
export async function startSmtpSink(
  options: { auth?: { user: string; pass: string }; rejectRecipient?: (address: string) => string | null } = {},
): Promise<TSmtpSink> {
  const messages: TCapturedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.rejectRecipient?.(address.address) ?? null;
      if (refusal !== null) return callback(Object.assign(new Error(refusal), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((address) => address.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw,
          decoded: decodeQuotedPrintable(raw),
          header: (name) => headerOf(raw, name),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    url(credentials = options.auth) {
      const userinfo = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : '';
      return `smtp://${userinfo}127.0.0.1:${port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function headerOf(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : null;
}
