// WebSocket JSON round trip and throughput, the counterpart of the SBE client measurement in
// WebSocketBenchmarkTest: round trips = send a resting NewOrder, wait for its OrderAccepted, one at a time;
// throughput = NewOrders with up to WINDOW unanswered, counted by OrderAccepted. Prints one line in the
// format of the SBE one.
// Usage: node bench.mjs ws://host:port/ws MARKET ACCOUNT PKCS8_HEX ROUND_TRIPS ORDERS WINDOW
import crypto from 'node:crypto';
import WebSocket from 'ws';

const [url, marketArg, accountArg, keyHex, roundTripsArg, ordersArg, windowArg] = process.argv.slice(2);
const marketId = Number(marketArg), accountId = Number(accountArg);
const roundTrips = Number(roundTripsArg), orders = Number(ordersArg), window = Number(windowArg);

// A run that stops getting answers fails with what it saw rather than hanging until the test's timeout.
let lastMessageMs = Date.now();
const watchdog = setInterval(() => {
  if (Date.now() - lastMessageMs > 10000) {
    console.log('FAIL no answer for 10 s: ' + JSON.stringify({ phase, sent, accepted, roundTripsDone: rttNs.length }));
    process.exit(1);
  }
}, 1000);
let phase = 'logon', sent = 0, accepted = 0;
const rttNs = [];

const socket = new WebSocket(url);
let onMessage = () => {};
socket.on('message', (data) => {
  const message = JSON.parse(data.toString());
  if (message.type !== 'stats') lastMessageMs = Date.now();
  onMessage(message);
});
await new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject); });

const key = crypto.createPrivateKey({ key: Buffer.from(keyHex, 'hex'), format: 'der', type: 'pkcs8' });
const nonce = BigInt(Date.now()) * 1000n;
const payload = Buffer.alloc(12);
payload.writeInt32LE(accountId, 0);
payload.writeBigInt64LE(nonce, 4);
await new Promise((resolve, reject) => {
  onMessage = (m) => { if (m.type === 'LogonResponse') { m.status === 'ACCEPTED' ? resolve() : reject(new Error(JSON.stringify(m))); } };
  socket.send(JSON.stringify({ type: 'Logon', accountId, nonce: nonce.toString(),
    signature: '0x' + crypto.sign(null, payload, key).toString('hex'), cancelOnDisconnect: true }));
});

let clientOrderId = 1;
function order() {
  socket.send(JSON.stringify({ type: 'NewOrder', clientOrderId: clientOrderId++, marketId, side: 'BUY',
    orderType: 'LIMIT', timeInForce: 'GTC', price: 1, quantity: 1 }));
}
function failOn(m) {
  if (m.type === 'error' || m.type === 'CommandRejected' || m.type === 'SessionReject') { console.log('FAIL ' + JSON.stringify(m)); process.exit(1); }
}

phase = 'round trips';
for (let i = 0; i < roundTrips; i++) {
  const start = process.hrtime.bigint();
  await new Promise((resolve) => { onMessage = (m) => { failOn(m); if (m.type === 'OrderAccepted') resolve(); }; order(); });
  rttNs.push(Number(process.hrtime.bigint() - start));
}
rttNs.sort((a, b) => a - b);

phase = 'throughput';
const start = process.hrtime.bigint();
await new Promise((resolve) => {
  onMessage = (m) => {
    failOn(m);
    if (m.type !== 'OrderAccepted') return;
    accepted++;
    if (accepted === orders) { resolve(); return; }
    if (sent < orders) { sent++; order(); }
  };
  for (; sent < Math.min(window, orders); sent++) order();
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const at = (p) => Math.round(rttNs[Math.min(rttNs.length - 1, Math.floor(p * rttNs.length))] / 1000);
console.log(`websocket  round trip p50 ${at(0.5)} us, p99 ${at(0.99)} us, max ${at(1)} us (${roundTrips}); ` +
  `throughput ${Math.round(orders / seconds)} orders/s (${orders} orders, window ${window})`);
clearInterval(watchdog);
socket.close();
