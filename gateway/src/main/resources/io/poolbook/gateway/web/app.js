// Poolbook live page: one WebSocket to the node's JSON gateway; message and field names are the SBE schema's.
(function () {
  'use strict';
  const bids = new Map(); // price -> {quantity, orderCount}
  const asks = new Map();
  const trades = [];
  let pool = null;
  let marketId = Number(document.getElementById('market').value);
  let socket = null;

  function el(id) { return document.getElementById(id); }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/ws');
    socket.onopen = () => { setStatus('subscribing', false); socket.send(JSON.stringify({ type: 'subscribe', marketId })); };
    socket.onclose = () => { setStatus('disconnected; retrying', false); setTimeout(connect, 1000); };
    socket.onmessage = (event) => onMessage(JSON.parse(event.data));
  }

  function setStatus(text, live) {
    const status = el('status');
    status.textContent = text;
    status.className = live ? 'status live' : 'status';
  }

  function onMessage(m) {
    switch (m.type) {
      case 'subscribed': setStatus(m.snapshot ? 'live' : 'waiting for a snapshot', m.snapshot); break;
      case 'BookSnapshot':
        if (m.marketId !== marketId) return;
        bids.clear(); asks.clear();
        for (const level of m.levels) side(level.side).set(level.price, level);
        el('feedSequence').textContent = m.feedSequence;
        setStatus('live', true);
        render();
        break;
      case 'L2Update':
        if (m.marketId !== marketId) return;
        if (m.quantity === 0) side(m.side).delete(m.price); else side(m.side).set(m.price, m);
        el('feedSequence').textContent = m.feedSequence;
        render();
        break;
      case 'PublicTrade':
        if (m.marketId !== marketId) return;
        trades.unshift(m);
        trades.length = Math.min(trades.length, 20);
        renderTrades();
        break;
      case 'PoolState':
        if (m.marketId !== marketId) return;
        pool = m;
        render();
        break;
      case 'stats':
        el('requestsPerSecond').textContent = m.requestsPerSecond;
        el('feedMessagesPerSecond').textContent = m.feedMessagesPerSecond;
        el('tradesPerSecond').textContent = m.tradesPerSecond;
        el('latency').textContent = m.latencyCount > 0 ? m.latencyP50Us + ' / ' + m.latencyP99Us : '-';
        el('connections').textContent = m.connections;
        break;
      case 'error': setStatus('error: ' + m.message, false); break;
      default: break;
    }
  }

  function side(name) { return name === 'BUY' ? bids : asks; }

  function sorted(map, descending) {
    return [...map.entries()].sort((a, b) => descending ? b[0] - a[0] : a[0] - b[0]);
  }

  function render() {
    const bidLevels = sorted(bids, true);
    const askLevels = sorted(asks, false);
    const body = el('book').tBodies[0];
    body.textContent = '';
    const rows = Math.max(bidLevels.length, askLevels.length, 1);
    for (let i = 0; i < Math.min(rows, 15); i++) {
      const tr = document.createElement('tr');
      const b = bidLevels[i], a = askLevels[i];
      tr.innerHTML = '<td class="bid">' + (b ? b[1].quantity : '') + '</td><td class="bid">' + (b ? b[0] : '') +
        '</td><td class="ask">' + (a ? a[0] : '') + '</td><td class="ask">' + (a ? a[1].quantity : '') + '</td>';
      if (b) tr.dataset.bid = b[0];
      if (a) tr.dataset.ask = a[0];
      body.appendChild(tr);
    }
    const mid = bidLevels.length && askLevels.length ? (bidLevels[0][0] + askLevels[0][0]) / 2 : null;
    el('mid').textContent = mid === null ? '-' : mid.toFixed(2);
    if (pool && pool.baseReserve > 0) {
      // In the book's price units (ticks per lot): ?tick=&lot= give the market's sizes when they are not 1.
      const price = pool.quoteReserve * lotSize / (pool.baseReserve * tickSize);
      el('poolPrice').textContent = price.toFixed(2) + (mid === null ? '' : ' (' +
        ((price - mid) / mid * 10000).toFixed(1) + ' bps from mid)');
      el('reserves').textContent = pool.baseReserve + ' base / ' + pool.quoteReserve + ' quote';
    }
    drawDepth(bidLevels, askLevels);
  }

  function renderTrades() {
    const body = el('trades').tBodies[0];
    body.textContent = '';
    for (const t of trades) {
      const tr = document.createElement('tr');
      tr.className = t.takerSide === 'BUY' ? 'bid' : 'ask';
      tr.innerHTML = '<td>' + t.tradeId + '</td><td>' + t.takerSide + '</td><td>' + t.price + '</td><td>' +
        t.quantity + '</td><td>' + t.source + '</td>';
      body.appendChild(tr);
    }
  }

  function drawDepth(bidLevels, askLevels) {
    const canvas = el('depth');
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    const all = bidLevels.concat(askLevels);
    if (all.length === 0) return;
    const prices = all.map((l) => l[0]);
    let lo = Math.min(...prices), hi = Math.max(...prices);
    const pad = Math.max(1, (hi - lo) * 0.1);
    lo -= pad; hi += pad;
    const cumulative = (levels) => { let sum = 0; return levels.map((l) => [l[0], sum += l[1].quantity]); };
    const bidCurve = cumulative(bidLevels), askCurve = cumulative(askLevels);
    const top = Math.max(1, ...bidCurve.map((p) => p[1]), ...askCurve.map((p) => p[1]));
    const x = (p) => 10 + (p - lo) / (hi - lo) * (canvas.width - 20);
    const y = (q) => canvas.height - 10 - q / top * (canvas.height - 20);
    // A step curve from the best price outwards to the chart's edge: the quantity available at or through a price.
    const plot = (curve, edge, colour) => {
      if (curve.length === 0) return;
      g.beginPath();
      g.moveTo(x(curve[0][0]), y(0));
      let previous = 0;
      for (const [p, q] of curve) { g.lineTo(x(p), y(previous)); g.lineTo(x(p), y(q)); previous = q; }
      g.lineTo(x(edge), y(previous));
      g.lineTo(x(edge), y(0));
      g.closePath();
      g.fillStyle = colour;
      g.fill();
    };
    plot(bidCurve, lo, 'rgba(76, 211, 154, 0.5)');
    plot(askCurve, hi, 'rgba(255, 107, 107, 0.5)');
  }

  el('market').addEventListener('change', () => {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: 'unsubscribe', marketId }));
    marketId = Number(el('market').value);
    bids.clear(); asks.clear(); trades.length = 0; pool = null; render(); renderTrades();
    if (socket && socket.readyState === 1) socket.send(JSON.stringify({ type: 'subscribe', marketId }));
  });

  const query = new URLSearchParams(location.search);
  const tickSize = Number(query.get('tick') || 1);
  const lotSize = Number(query.get('lot') || 1);
  if (query.has('market')) { el('market').value = query.get('market'); marketId = Number(query.get('market')); }
  connect();
})();
