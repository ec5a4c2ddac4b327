/**
 * The platform's side of the engine's hides in the inbox benchmark, in its own process as Meta's
 * servers would be: answers every call like the Graph API answers a successful hide
 * (`{"success": true}`), and a batch request (`POST /{version}/` with `batch`) with one such answer
 * per operation, as `{code, body}` in order; prints the port it listens on, on 127.0.0.1.
 *   node bench/graph-stand-in.mjs
 */
import http from 'node:http';

const OK = JSON.stringify({ success: true });
let calls = 0;
let operations = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    calls++;
    let body = JSON.stringify({ success: true, id: 'x' });
    const batch = /^\/v[\d.]+\/?$/.test(new URL(req.url ?? '/', 'http://x').pathname) ? new URLSearchParams(Buffer.concat(chunks).toString()).get('batch') : null;
    if (batch) {
      const ops = JSON.parse(batch);
      operations += ops.length;
      body = JSON.stringify(ops.map(() => ({ code: 200, body: OK })));
    } else operations++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => {
  console.error(`graph stand-in: ${operations} operations in ${calls} requests`);
  server.close(() => process.exit(0));
});
