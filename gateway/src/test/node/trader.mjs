// A trader outside Java: logs on to the node's WebSocket JSON gateway with an Ed25519 signature made by Node's own
// crypto, sends bad requests (each must be answered with an error and the connection kept), trades between two
// accounts and follows the book from the feed. Prints one line per check and "N passed, N failed"; exits 1 on any
// failure. Usage: node trader.mjs ws://host:port/ws MARKET SELLER_ID SELLER_PKCS8_HEX BUYER_ID BUYER_PKCS8_HEX
import crypto from 'node:crypto';
import WebSocket from 'ws';

const [url, marketArg, sellerId, sellerKey, buyerId, buyerKey] = process.argv.slice(2);
const marketId = Number(marketArg);
let passed = 0;
let failed = 0;

function check(name, ok, detail) {
  if (ok) { passed++; console.log('ok   ' + name); } else { failed++; console.log('FAIL ' + name + ': ' + detail); }
}

/** One connection: a queue of received messages and a way to wait for one that matches. */
class Connection {
  constructor(name) {
    this.name = name;
    this.received = [];
    this.waiters = [];
  }

  open() {
    return new Promise((resolve, reject) => {
      this.socket = new WebSocket(url);
      this.socket.on('open', resolve);
      this.socket.on('error', reject);
      this.socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        this.received.push(message);
        for (const waiter of [...this.waiters]) {
          if (waiter.match(message)) { this.waiters.splice(this.waiters.indexOf(waiter), 1); waiter.resolve(message); }
        }
      });
      this.socket.on('close', (code, reason) => { this.closed = { code, reason: reason.toString() }; });
    });
  }

  send(request) { this.socket.send(typeof request === 'string' ? request : JSON.stringify(request)); }

  next(match, what, timeoutMs = 5000) {
    const seen = this.received.find(match);
    if (seen) { this.received.splice(this.received.indexOf(seen), 1); return Promise.resolve(seen); }
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (m) => { clearTimeout(timer); this.received.splice(this.received.indexOf(m), 1); resolve(m); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(this.name + ': no ' + what + ' in ' + timeoutMs + ' ms; received ' + JSON.stringify(this.received.slice(-5))));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async logon(accountId, pkcs8Hex, cancelOnDisconnect) {
    const key = crypto.createPrivateKey({ key: Buffer.from(pkcs8Hex, 'hex'), format: 'der', type: 'pkcs8' });
    const nonce = BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000));
    const payload = Buffer.alloc(12);
    payload.writeInt32LE(Number(accountId), 0);
    payload.writeBigInt64LE(nonce, 4);
    const signature = '0x' + crypto.sign(null, payload, key).toString('hex');
    this.send({ type: 'Logon', requestId: 'logon', accountId: Number(accountId), nonce: nonce.toString(), signature,
      cancelOnDisconnect });
    return this.next((m) => m.type === 'LogonResponse', 'LogonResponse');
  }
}

function errorFor(connection, requestId) {
  return connection.next((m) => m.type === 'error' && m.requestId === requestId, 'error for ' + requestId);
}

async function main() {
  const seller = new Connection('seller');
  const buyer = new Connection('buyer');
  await seller.open();
  await buyer.open();

  // Bad input: each gets its own error, the connection stays open.
  seller.send('{"type":"NewOrder",');
  const malformed = await seller.next((m) => m.type === 'error', 'error for malformed JSON');
  check('malformed JSON is answered', /malformed JSON/.test(malformed.message), malformed.message);
  seller.send({ type: 'NewOrder', requestId: 'early', marketId, side: 'BUY', price: 1, quantity: 1 });
  const early = await errorFor(seller, 'early');
  check('a command before logon is refused', /log on first/.test(early.message), early.message);
  seller.send({ type: 'Nonsense', requestId: 'unknown-type' });
  const unknownType = await errorFor(seller, 'unknown-type');
  check('an unknown type is named', /no message type 'Nonsense'/.test(unknownType.message), unknownType.message);

  const sellerLogon = await seller.logon(sellerId, sellerKey, false);
  check('seller logs on with its Ed25519 signature', sellerLogon.status === 'ACCEPTED', JSON.stringify(sellerLogon));
  const buyerLogon = await buyer.logon(buyerId, buyerKey, true);
  check('buyer logs on', buyerLogon.status === 'ACCEPTED', JSON.stringify(buyerLogon));

  seller.send({ type: 'NewOrder', requestId: 'unknown-field', marketId, side: 'SELL', prise: 100, quantity: 5 });
  const unknownField = await errorFor(seller, 'unknown-field');
  check('an unknown field is named', /NewOrder has no field 'prise'; did you mean price/.test(unknownField.message), unknownField.message);
  seller.send({ type: 'NewOrder', requestId: 'wrong-type', marketId, side: 'SELL', price: 'cheap', quantity: 5 });
  const wrongType = await errorFor(seller, 'wrong-type');
  check('a wrong type is named', /NewOrder.price: 'cheap' is not an integer/.test(wrongType.message), wrongType.message);
  seller.send({ type: 'NewOrder', requestId: 'bad-enum', marketId, side: 'SIDEWAYS', price: 100, quantity: 5 });
  const badEnum = await errorFor(seller, 'bad-enum');
  check('a bad enum value is named', /NewOrder.side: 'SIDEWAYS' is not a Side/.test(badEnum.message), badEnum.message);
  seller.send({ type: 'Fill', requestId: 'answer-type', marketId });
  const answerType = await errorFor(seller, 'answer-type');
  check('an answer type is not a request', /not a request/.test(answerType.message), answerType.message);
  seller.send('x'.repeat(5000));
  const oversize = await seller.next((m) => m.type === 'error' && /longer than the most/.test(m.message), 'oversize error');
  check('an oversize frame is refused', !!oversize, '');

  // Follow the book.
  buyer.send({ type: 'subscribe', requestId: 'sub', marketId });
  const subscribed = await buyer.next((m) => m.type === 'subscribed', 'subscribed');
  check('subscribed to the market', subscribed.marketId === marketId, JSON.stringify(subscribed));
  const snapshot = await buyer.next((m) => m.type === 'BookSnapshot' && m.marketId === marketId, 'BookSnapshot');
  check('a book snapshot arrives', Array.isArray(snapshot.levels), JSON.stringify(snapshot));
  const book = new Map();
  for (const level of snapshot.levels) book.set(level.side + '@' + level.price, level.quantity);

  // Trade: the seller rests 5 at 100, the buyer takes 2.
  seller.send({ type: 'NewOrder', requestId: 'sell', clientOrderId: 7001, marketId, side: 'SELL', orderType: 'LIMIT',
    timeInForce: 'GTC', price: 100, quantity: 5 });
  const accepted = await seller.next((m) => m.type === 'OrderAccepted' && m.clientOrderId === 7001, 'OrderAccepted');
  check('the sell order is accepted', accepted.side === 'SELL' && accepted.price === 100, JSON.stringify(accepted));
  const restLevel = await buyer.next((m) => m.type === 'L2Update' && m.price === 100 && m.side === 'SELL', 'L2Update for the ask');
  book.set('SELL@100', restLevel.quantity);
  check('the book shows the ask', restLevel.quantity === 5 && restLevel.feedSequence > snapshot.feedSequence, JSON.stringify(restLevel));

  buyer.send({ type: 'NewOrder', requestId: 'buy', clientOrderId: 7002, marketId, side: 'BUY', orderType: 'LIMIT',
    timeInForce: 'IOC', price: 100, quantity: 2 });
  const fill = await buyer.next((m) => m.type === 'Fill' && m.clientOrderId === 7002, 'Fill for the buyer');
  check('the buyer is filled', fill.quantity === 2 && fill.price === 100, JSON.stringify(fill));
  const sellerFill = await seller.next((m) => m.type === 'Fill', 'Fill for the seller');
  check('the seller is filled', sellerFill.quantity === 2, JSON.stringify(sellerFill));
  const trade = await buyer.next((m) => m.type === 'PublicTrade' && m.marketId === marketId, 'PublicTrade');
  check('the trade is on the feed', trade.quantity === 2 && trade.price === 100 && trade.takerSide === 'BUY', JSON.stringify(trade));
  const after = await buyer.next((m) => m.type === 'L2Update' && m.price === 100 && m.side === 'SELL', 'L2Update after the trade');
  check('the book shows 3 left at 100', after.quantity === 3, JSON.stringify(after));

  // A refusal from the engine comes back as CommandRejected with the schema's reason name.
  seller.send({ type: 'CancelOrder', requestId: 'cancel-unknown', marketId, orderId: 999999 });
  const rejected = await seller.next((m) => m.type === 'CommandRejected', 'CommandRejected');
  check('cancelling an unknown order is rejected with a reason', typeof rejected.reason === 'string' && rejected.reason !== 'NONE', JSON.stringify(rejected));

  check('the connections are still open after the bad input', !seller.closed && !buyer.closed,
    JSON.stringify(seller.closed || buyer.closed));
  // The seller logged on without cancel-on-disconnect: its rest (3 at 100) stays after it leaves.
  seller.socket.close();
  buyer.socket.close();
}

main().then(() => {
  console.log('checks ok=' + passed + ' failed=' + failed);
  process.exit(failed === 0 ? 0 : 1);
}, (error) => {
  console.log('FAIL ' + error.message);
  console.log('checks ok=' + passed + ' failed=' + (failed + 1));
  process.exit(1);
});
