/**
 * The platform's side of the inbox benchmark, in its own process as Meta's servers would be: posts
 * signed webhook deliveries to Redazione over HTTP/1.1 (`concurrency` kept-alive connections, one
 * request in flight on each). It first reads the deliveries and opens its connections, prints
 * `ready`, and waits for a line on stdin: starting a process and reading a file are not part of
 * what is measured. Then it sends every delivery, prints `sent`, sends the first `resend` of them
 * again (the platform's re-deliveries), prints its CPU time since the start signal, and exits 0
 * once every request was answered 200.
 *   node bench/webhook-sender.mjs <deliveries.json> <url> <concurrency> [resend]
 * deliveries.json: [{ "body": "…", "signature": "sha256=…" }, …]
 *
 * A load generator shares the machine with what it measures, so it should cost as little as it
 * can: each request is written as bytes prepared in advance on a plain TCP socket, and only the
 * status line and the length of each answer are read (as wrk or ab do), instead of node:http's
 * request and response objects, which cost three times as much CPU per delivery here.
 */
import fs from 'node:fs';
import net from 'node:net';

const [file, url, concurrency = '16', resend = '0'] = process.argv.slice(2);
const deliveries = JSON.parse(fs.readFileSync(file, 'utf8'));
const target = new URL(url);
const head = (body, signature) =>
  `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n` +
  `Content-Length: ${Buffer.byteLength(body)}\r\nX-Hub-Signature-256: ${signature}\r\n\r\n`;
const requests = deliveries.map(({ body, signature }) => Buffer.from(head(body, signature) + body));

/** Where the answer at the start of `buf` ends, with its status; null while it is incomplete. */
function answer(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const headers = buf.subarray(0, end).toString('latin1');
  const status = Number(headers.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
  if (length) {
    const total = end + 4 + Number(length[1]);
    return buf.length >= total ? { status, total } : null;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) {
    const last = buf.indexOf('\r\n0\r\n\r\n', end);
    return last < 0 ? null : { status, total: last + 7 };
  }
  return { status, total: end + 4 };
}

/** A kept-alive connection that, in each round, sends requests from the round's shared cursor one at a time. */
function connection() {
  return new Promise((resolveConnected, rejectConnected) => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    /** The round under way: `{ shared: { requests, next }, resolve, reject }`, or null. */
    let round = null;
    const send = () => {
      const { shared } = round;
      if (shared.next >= shared.requests.length) {
        const { resolve } = round;
        round = null;
        return resolve();
      }
      socket.write(shared.requests[shared.next++]);
    };
    const fail = (err) => (round ? round.reject(err) : rejectConnected(err));
    socket.on('connect', () =>
      resolveConnected({
        run: (shared) =>
          new Promise((resolve, reject) => {
            round = { shared, resolve, reject };
            send();
          }),
        end: () => socket.end(),
      }),
    );
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (let a = answer(pending); a; a = answer(pending)) {
        if (a.status !== 200) {
          socket.destroy();
          return fail(new Error(`webhook answered ${a.status}: ${pending.subarray(0, Math.min(a.total, 500)).toString()}`));
        }
        pending = pending.subarray(a.total);
        if (round) send();
      }
    });
    socket.on('error', fail);
    socket.on('close', () => {
      if (round) round.reject(new Error('the server closed the connection'));
    });
  });
}

const connections = await Promise.all(Array.from({ length: Number(concurrency) }, connection));
const all = (requests) => {
  const shared = { requests, next: 0 };
  return Promise.all(connections.map((c) => c.run(shared)));
};
console.log('ready');
await new Promise((resolve) => process.stdin.once('data', resolve));
const start = process.cpuUsage();
await all(requests);
console.log('sent');
await all(requests.slice(0, Number(resend)));
for (const c of connections) c.end();
// Its own CPU time from the start signal, for the report: the platform's work on this same machine.
const { user, system } = process.cpuUsage(start);
console.log(`sender cpu ms ${((user + system) / 1000).toFixed(1)}`);
process.stdin.destroy();
