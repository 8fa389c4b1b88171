/**
 * A real HTTP receiver for webhook tests (node:http on port 0): records every
 * request with its raw body and answers as the test says.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** How to answer each request: a status, after an optional delay (ms). Default 200 at once. */
  respond: (r: Received) => { status: number; delayMs?: number; hang?: boolean } | number;
  /** Requests being answered right now. */
  inFlight: Set<Received>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const rec = { received: [] as Received[], respond: () => 200, inFlight: new Set<Received>() } as unknown as Receiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const r: Received = { headers: req.headers, raw, body, at: Date.now() };
      rec.received.push(r);
      rec.inFlight.add(r);
      const answer = rec.respond(r);
      const a = typeof answer === 'number' ? { status: answer } : answer;
      if (a.hang) return;
      setTimeout(() => {
        rec.inFlight.delete(r);
        res.writeHead(a.status, { 'content-type': 'text/plain' }).end(a.status < 300 ? 'ok' : 'nope');
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  rec.url = `http://127.0.0.1:${port}/hook`;
  rec.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return rec;
}
