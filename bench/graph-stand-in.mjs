/**
 * The platform's side of the engine's hides in the inbox benchmark, in its own process as Meta's
 * servers would be: answers every request like the Graph API answers a successful hide
 * (`{"success": true}`), and prints the port it listens on, on 127.0.0.1.
 *   node bench/graph-stand-in.mjs
 */
import http from 'node:http';

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, id: 'x' })));
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
