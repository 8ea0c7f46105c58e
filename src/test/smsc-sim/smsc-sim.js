// A controllable SMSC for Ringway's SMPP integration tests, on the third-party npm `smpp` package
// (farhadi/node-smpp 0.5.1), so the tests talk to an SMPP stack we did not write. Derived from
// shared/bench/smsc-sim/smsc-sim.js. Driven by io.ringway.testing.SmscSimulator over a JSON HTTP control port.
//
// env: PORT (SMPP, 0 = any) CONTROL_PORT (0 = any) HOST (127.0.0.1) SIM_USER SIM_PASSWORD ID_FORMAT (hex|dec)
//      DLR (0|1) DLR_TLVS (0|1) LIFETIME (600 s) JOURNAL (file: one JSON line per submit_sm, survives SIGKILL)
//      EXIT_ON_EOF (1: exit when stdin closes, i.e. when the JVM that started us is gone)
// Prints "smsc-sim ready smpp=<port> control=<port>" once both ports listen.
const smpp = require('smpp');
const http = require('http');
const fs = require('fs');

const env = process.env;
const HOST = env.HOST || '127.0.0.1';
const USER = env.SIM_USER || null, PASSWORD = env.SIM_PASSWORD || null;
const DEC = env.ID_FORMAT === 'dec', DLR = env.DLR === '1', DLR_TLVS = env.DLR_TLVS === '1';
const LIFETIME = +(env.LIFETIME || 600), JOURNAL = env.JOURNAL || null;
const log = (...a) => console.log(new Date().toISOString(), ...a);

// node-smpp decodes short_message/message_payload into {udh, message} strings by data_coding (0 and 1 both through
// its GSM table, one octet per character, unmappable octets become ' ') and validity_period into a Date. The tests
// need the octets as sent, so submit_sm keeps its raw values; encoding of what we send is left as it is.
const raw = f => ({ encode: f.encode, decode: v => v });
const sp = smpp.commands.submit_sm.params;
for (const k of ['short_message', 'schedule_delivery_time', 'validity_period']) sp[k].filter = raw(sp[k].filter);
smpp.tlvs.message_payload.filter = raw(smpp.tlvs.message_payload.filter);
// The whole PDU as received, for assertions on anything the record below leaves out.
const fromBuffer = smpp.PDU.prototype.fromBuffer;
smpp.PDU.prototype.fromBuffer = function (buffer) {
  Object.defineProperty(this, 'raw', { value: Buffer.from(buffer) });
  return fromBuffer.call(this, buffer);
};

// Distinct across restarts (the clock moves on) and, in hex, always starting with a letter, so hex and decimal
// ids cannot be mistaken for each other.
const idBase = 0xA0000000000 + (Date.now() % 1e9) * 1000;
let idCount = 0;
const nextId = () => { const n = idBase + ++idCount; return DEC ? n.toString(10) : n.toString(16); };

const submits = [], bound = [];
const stats = { binds: 0, sessions: 0, submits: 0, deliverSmSent: 0, deliverSmResp: 0, deliverSmRespErrors: 0 };
let throttle = { count: 0, status: 0 }, hold = false, sessionCount = 0;

const hex = b => (b == null ? null : Buffer.from(b).toString('hex'));
const tlv = v => (v === undefined ? null : v);
const p2 = n => String(n).padStart(2, '0');
const stamp = t => { const d = new Date(t); return `${p2(d.getFullYear() % 100)}${p2(d.getMonth() + 1)}${p2(d.getDate())}${p2(d.getHours())}${p2(d.getMinutes())}`; };
const STATES = { ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };

function record(s, pdu) {
  const sm = pdu.short_message || Buffer.alloc(0);
  // The UDH including its length octet (UDHL); a UDHL past the end takes the whole short_message.
  const udhLen = (pdu.esm_class & 0x40) && sm.length ? Math.min(sm[0] + 1, sm.length) : 0;
  return {
    seq: submits.length + 1, session: s.id, system_id: s.systemId, message_id: null, command_status: null,
    service_type: pdu.service_type, source_addr_ton: pdu.source_addr_ton, source_addr_npi: pdu.source_addr_npi,
    source_addr: pdu.source_addr, dest_addr_ton: pdu.dest_addr_ton, dest_addr_npi: pdu.dest_addr_npi,
    destination_addr: pdu.destination_addr, esm_class: pdu.esm_class, protocol_id: pdu.protocol_id,
    priority_flag: pdu.priority_flag, schedule_delivery_time: pdu.schedule_delivery_time,
    validity_period: pdu.validity_period, registered_delivery: pdu.registered_delivery, data_coding: pdu.data_coding,
    short_message_hex: hex(sm), udh_hex: udhLen ? hex(sm.subarray(0, udhLen)) : null, payload_hex: hex(sm.subarray(udhLen)),
    message_payload_hex: hex(pdu.message_payload), sar_msg_ref_num: tlv(pdu.sar_msg_ref_num),
    sar_total_segments: tlv(pdu.sar_total_segments), sar_segment_seqnum: tlv(pdu.sar_segment_seqnum),
    pdu_hex: hex(pdu.raw), at: Date.now(),
  };
}

function onSubmit(s, pdu) {
  stats.submits++;
  const r = record(s, pdu);
  submits.push(r);
  if (!hold) {
    if (throttle.count > 0) { throttle.count--; r.command_status = throttle.status; }
    else { r.command_status = 0; r.message_id = nextId(); }
  }
  // Written before the answer goes out, so a SIGKILL cannot lose a submit the client saw answered.
  if (JOURNAL) fs.appendFileSync(JOURNAL, JSON.stringify(r) + '\n');
  log(`submit_sm #${r.seq} session ${s.id} to ${r.destination_addr} dc ${r.data_coding} esm ${r.esm_class}:`,
    hold ? 'held' : r.message_id ? `id ${r.message_id}` : `refused 0x${r.command_status.toString(16)}`);
  if (hold) return;
  s.session.send(pdu.response(r.message_id ? { message_id: r.message_id } : { command_status: r.command_status }));
  if (DLR && r.message_id && (r.registered_delivery & 0x01)) {
    // A throw here would escape node-smpp's read loop and end the process.
    try { receipt({ message_id: r.message_id, stat: 'DELIVRD', err: '000', tlvs: DLR_TLVS }); } catch (e) { log(`no receipt: ${e.message}`); }
  }
}

// The most recently bound session that may receive deliver_sm.
function receiver() {
  for (let i = bound.length - 1; i >= 0; i--) if (bound[i].type !== 'bind_transmitter') return bound[i];
  return null;
}

function deliver(options) {
  const s = receiver();
  if (!s) throw new Error('no transceiver or receiver session is bound');
  s.session.deliver_sm(options);
  stats.deliverSmSent++;
}

function receipt(q) {
  const sub = submits.find(r => r.message_id === q.message_id);
  const at = sub ? sub.at : Date.now(), stat = q.stat || 'DELIVRD', err = q.err || '000';
  const text = `id:${q.message_id} sub:001 dlvrd:001 submit date:${stamp(at)} done date:${stamp(Date.now())} stat:${stat} err:${err} text:`;
  const options = {
    source_addr: q.source_addr != null ? q.source_addr : sub ? sub.destination_addr : '',
    destination_addr: q.destination_addr != null ? q.destination_addr : sub ? sub.source_addr : '',
    // A Buffer goes out as is; a string would make node-smpp pick data_coding 1 and its GSM table.
    esm_class: 0x04, data_coding: 0, short_message: Buffer.from(text, 'ascii'),
  };
  if (q.tlvs) { options.receipted_message_id = q.message_id; options.message_state = STATES[stat] || STATES.UNKNOWN; }
  deliver(options);
  log(`receipt ${text}${q.tlvs ? ' +tlvs' : ''}`);
}

function mo(q) {
  const options = {
    source_addr: q.source_addr || '', destination_addr: q.destination_addr || '', esm_class: q.esm_class || 0,
    data_coding: q.data_coding || 0, short_message: Buffer.from(q.short_message_hex || '', 'hex'),
  };
  if (q.sar) Object.assign(options, { sar_msg_ref_num: q.sar.ref, sar_total_segments: q.sar.total, sar_segment_seqnum: q.sar.seq });
  if (q.message_payload_hex != null) options.message_payload = Buffer.from(q.message_payload_hex, 'hex');
  deliver(options);
  log(`mo from ${options.source_addr} to ${options.destination_addr} dc ${options.data_coding} esm ${options.esm_class}`);
}

// TLS_KEY/TLS_CERT (PEM files): an smpps:// SMSC (node-smpp serves TLS when given a key and certificate).
const tlsOptions = env.TLS_KEY && env.TLS_CERT ? { key: fs.readFileSync(env.TLS_KEY), cert: fs.readFileSync(env.TLS_CERT) } : {};
const server = smpp.createServer({ debug: false, ...tlsOptions }, session => {
  const s = { id: ++sessionCount, session, systemId: null, type: null };
  const unbound = () => { const i = bound.indexOf(s); if (i >= 0) bound.splice(i, 1); };
  const onBind = pdu => {
    stats.binds++;
    if (USER && (pdu.system_id !== USER || (PASSWORD && pdu.password !== PASSWORD))) {
      log(`session ${s.id}: ${pdu.command} as ${pdu.system_id} refused`);
      session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
      session.close();
      return;
    }
    Object.assign(s, { systemId: pdu.system_id, type: pdu.command });
    bound.push(s);
    log(`session ${s.id}: ${pdu.command} as ${pdu.system_id}`);
    session.send(pdu.response({ system_id: 'smsc-sim' }));
  };
  const handled = new Set(['bind_transceiver', 'bind_transmitter', 'bind_receiver', 'enquire_link', 'unbind', 'submit_sm']);
  for (const c of ['bind_transceiver', 'bind_transmitter', 'bind_receiver']) session.on(c, onBind);
  session.on('enquire_link', pdu => session.send(pdu.response()));
  session.on('unbind', pdu => { unbound(); log(`session ${s.id}: unbind from client`); session.send(pdu.response()); session.close(); });
  session.on('submit_sm', pdu => onSubmit(s, pdu));
  session.on('deliver_sm_resp', pdu => { stats.deliverSmResp++; if (pdu.command_status) stats.deliverSmRespErrors++; });
  // Anything else is refused rather than left unanswered, so a client never waits on us by accident.
  session.on('pdu', pdu => {
    if (!pdu.isResponse() && !handled.has(pdu.command)) session.send(pdu.response({ command_status: smpp.ESME_RINVCMDID }));
  });
  session.on('close', () => { unbound(); log(`session ${s.id}: closed`); });
  session.on('error', e => log(`session ${s.id}: ${e.message}`));
});

const routes = {
  'GET /submits': () => submits,
  'GET /stats': () => ({ ...stats, sessions: bound.length }),
  'POST /receipt': q => { receipt(q); return { sent: true }; },
  'POST /mo': q => { mo(q); return { sent: true }; },
  'POST /throttle': q => { throttle = { count: q.count | 0, status: q.command_status | 0 }; return throttle; },
  'POST /hold': q => { hold = !!q.on; log(`hold ${hold}`); return { hold }; },
  'POST /unbind': () => {
    const all = [...bound];
    all.forEach(s => {
      s.session.unbind(() => s.session.close());
      setTimeout(() => s.session.destroy(), 2000).unref(); // a client that never answers the unbind
    });
    bound.length = 0;
    log(`unbind sent to ${all.length} session(s)`);
    return { sessions: all.length };
  },
  'POST /drop': () => {
    const all = [...server.sessions];
    all.forEach(session => session.destroy());
    log(`dropped ${all.length} connection(s)`);
    return { sessions: all.length };
  },
};

const control = http.createServer((req, res) => {
  let body = '';
  req.on('data', c => { body += c; });
  req.on('end', () => {
    const reply = (code, value) => {
      // No keep-alive: after a restart on the same port the client would otherwise reuse a dead connection.
      res.writeHead(code, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify(value));
    };
    const route = routes[`${req.method} ${req.url.split('?')[0]}`];
    if (!route) return reply(404, { error: `no route ${req.method} ${req.url}` });
    try {
      reply(200, route(body ? JSON.parse(body) : {}));
    } catch (e) {
      reply(409, { error: e.message });
    }
  });
});

server.on('error', e => { log(`smpp port: ${e.message}`); process.exit(2); });
control.on('error', e => { log(`control port: ${e.message}`); process.exit(2); });
server.listen(+(env.PORT || 2775), HOST, () => {
  control.listen(+(env.CONTROL_PORT || 0), HOST, () => {
    log(`smsc-sim ready smpp=${server.address().port} control=${control.address().port}`
      + ` ids=${DEC ? 'dec' : 'hex'} dlr=${DLR} dlr_tlvs=${DLR_TLVS} user=${USER || '(any)'}`);
  });
});
// Keep serving after a bug in a handler; the stack lands in the log the test prints on failure.
process.on('uncaughtException', e => log(`uncaught: ${e.stack}`));
if (env.EXIT_ON_EOF === '1') { process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); }
setTimeout(() => { log(`lifetime of ${LIFETIME} s is over`); process.exit(0); }, LIFETIME * 1000).unref();
