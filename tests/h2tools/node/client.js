// Node's built-in http2 client against an h2tools server.
// Usage: node client.js URL [CA_FILE]
// Runs concurrent downloads and a large upload, prints one JSON summary line.
"use strict";
const http2 = require("node:http2");
const crypto = require("node:crypto");
const fs = require("node:fs");

const [url, caFile] = process.argv.slice(2);
const options = caFile ? { ca: fs.readFileSync(caFile) } : {};
const session = http2.connect(url, options);
session.on("error", (err) => { console.error("session error:", err.message); process.exit(2); });

function request(headers, body) {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers);
    const chunks = [];
    let status = 0;
    stream.on("response", (h) => { status = h[":status"]; });
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => {
      const data = Buffer.concat(chunks);
      resolve({ status, length: data.length,
                sha256: crypto.createHash("sha256").update(data).digest("hex"),
                text: data.length < 200 ? data.toString() : "" });
    });
    stream.on("error", reject);
    if (body) stream.end(body); else stream.end();
  });
}

function pattern(size) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}

(async () => {
  const size = 3 * 1024 * 1024;
  const downloads = await Promise.all(
    Array.from({ length: 8 }, () => request({ ":path": `/big?size=${size}` })));
  const upload = pattern(4 * 1024 * 1024 + 3);
  const echo = await request({ ":method": "POST", ":path": "/echo" }, upload);
  session.close();
  console.log(JSON.stringify({
    downloads: downloads.map((d) => [d.status, d.length, d.sha256]),
    expectedDownload: crypto.createHash("sha256").update(pattern(size)).digest("hex"),
    echo: JSON.parse(echo.text || "{}"),
    uploadSha256: crypto.createHash("sha256").update(upload).digest("hex"),
    uploadLength: upload.length,
  }));
})().catch((err) => { console.error("request failed:", err.message); process.exit(1); });
