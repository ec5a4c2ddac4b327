/**
 * The platform's side of the inbox benchmark, in its own process as Meta's servers would be: posts
 * signed webhook deliveries to Redazione over HTTP (kept-alive connections, `concurrency` at a
 * time) and exits 0 once every one was answered 200, printing its own CPU time.
 *   node bench/webhook-sender.mjs <deliveries.json> <url> <concurrency>
 * deliveries.json: [{ "body": "…", "signature": "sha256=…" }, …]
 */
import fs from 'node:fs';
import http from 'node:http';

const [file, url, concurrency = '16'] = process.argv.slice(2);
const deliveries = JSON.parse(fs.readFileSync(file, 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });

function post({ body, signature }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-hub-signature-256': signature } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`webhook answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next < deliveries.length) await post(deliveries[next++]);
  }),
);
agent.destroy();
// Its own CPU time, for the report: the platform's work on this same machine.
const { user, system } = process.cpuUsage();
console.log(`sender cpu ms ${((user + system) / 1000).toFixed(1)}`);
