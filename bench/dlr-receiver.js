// A webhook receiver for bench/webhooks.sh and bench/voice.sh: answers every request 200 at once and counts events
// (dlr: msg_id and a "yyyy-mm-dd hh:mm:ss.SSS" timestamp; voice_status: id and a unix-seconds timestamp).
// Keeps per event: arrival time, and the lag from the status change (the payload's timestamp, UTC) to arrival.
// Writes {received, unique, first_ms, last_ms} to $STATS every 250 ms, and the lag percentiles on SIGTERM.
// Understands the JSON, form (POST) and query (GET) request methods. Plain node, no packages.
const http = require('http');
const fs = require('fs');
const port = parseInt(process.env.PORT || '18099', 10);
const statsFile = process.env.STATS || '/tmp/dlr-receiver.json';
let received = 0, first = 0, last = 0;
const seen = new Set();
const lags = [];

function utcMillis(ts) { // "2026-11-22 10:00:00.123" in UTC
  return Date.parse(ts.replace(' ', 'T') + 'Z');
}

function count(fields) {
  const now = Date.now();
  received++;
  if (!first) first = now;
  last = now;
  seen.add((fields.msg_id || fields.id) + '/' + fields.status);
  if (typeof fields.timestamp === 'string' && fields.timestamp.includes('-')) lags.push(now - utcMillis(fields.timestamp));
  else if (fields.timestamp) lags.push(now - Number(fields.timestamp) * 1000);
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let fields = {};
    try {
      if (body.startsWith('{')) fields = JSON.parse(body).data || {};
      else fields = Object.fromEntries(new URLSearchParams(body || (req.url.split('?')[1] || '')));
    } catch (e) { /* counted without fields */ }
    count(fields);
    res.writeHead(200, {'Content-Length': '0'});
    res.end();
  });
}).listen(port, '127.0.0.1');

function percentile(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0; }

// Counts every 250 ms (cheap); the lag percentiles only at the end (SIGTERM), so sorting does not load the run.
function writeStats(final) {
  const out = {received, unique: seen.size, first_ms: first, last_ms: last};
  if (final) {
    const sorted = Float64Array.from(lags).sort();
    Object.assign(out, {lag_p50_ms: percentile(sorted, 0.5), lag_p99_ms: percentile(sorted, 0.99),
      lag_max_ms: sorted.length ? sorted[sorted.length - 1] : 0, final: true});
  }
  fs.writeFileSync(statsFile + '.tmp', JSON.stringify(out));
  fs.renameSync(statsFile + '.tmp', statsFile);
}
setInterval(() => writeStats(false), 250);
process.on('SIGTERM', () => { writeStats(true); process.exit(0); });
