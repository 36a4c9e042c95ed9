// Node's built-in http2 server for h2tools' client.
// Usage: node server.js [KEY CERT]   (h2c with prior knowledge without a key)
// Prints "listening PORT"; GET /big?size=N streams N pattern bytes, POST /echo
// answers with the upload's length and sha256.
"use strict";
const http2 = require("node:http2");
const crypto = require("node:crypto");
const fs = require("node:fs");

const [keyFile, certFile] = process.argv.slice(2);
// Node refuses streams with ENHANCE_YOUR_CALM once a session holds more than
// maxSessionMemory MB (default 10); concurrent multi-megabyte bodies need more.
const options = { maxSessionMemory: 256 };
const server = keyFile
  ? http2.createSecureServer({ ...options, key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) })
  : http2.createServer(options);

function pattern(size) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}

server.on("stream", (stream, headers) => {
  const path = headers[":path"];
  if (path.startsWith("/echo")) {
    const hash = crypto.createHash("sha256");
    let length = 0;
    stream.on("data", (chunk) => { hash.update(chunk); length += chunk.length; });
    stream.on("end", () => {
      stream.respond({ ":status": 200, "content-type": "application/json" });
      stream.end(JSON.stringify({ length, sha256: hash.digest("hex") }));
    });
    return;
  }
  if (path.startsWith("/big")) {
    const size = Number(new URL(path, "http://x").searchParams.get("size") || 1048576);
    stream.respond({ ":status": 200, "content-length": String(size) });
    stream.end(pattern(size));
    return;
  }
  stream.respond({ ":status": 200, "content-type": "text/plain" });
  stream.end("hello from node\n");
});

server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
