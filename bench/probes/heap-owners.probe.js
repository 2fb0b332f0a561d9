/*
 * Bytes per open stream held by each owner (the nearest WireStream, TurnRunner, Socket, ... on the
 * first-retainer path) between two heap snapshots of stream-heap.probe.js. See that file for usage.
 */
const fs = require('fs');
const A = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')), B = JSON.parse(fs.readFileSync(process.argv[3], 'utf8')), Nn = Number(process.argv[4]);
const f = B.snapshot.meta.node_fields, nf = f.length, types = B.snapshot.meta.node_types[0], ef = B.snapshot.meta.edge_fields, nef = ef.length, etypes = B.snapshot.meta.edge_types[0];
const it = f.indexOf('type'), iname = f.indexOf('name'), iid = f.indexOf('id'), isz = f.indexOf('self_size'), iec = f.indexOf('edge_count'), eit = ef.indexOf('type'), ein = ef.indexOf('name_or_index'), eto = ef.indexOf('to_node');
const before = new Set(); { const af = A.snapshot.meta.node_fields; for (let i = 0; i < A.nodes.length; i += af.length) before.add(A.nodes[i + af.indexOf('id')]); }
const N = B.nodes, E = B.edges, S = B.strings; const count = N.length / nf; const first = new Uint32Array(count + 1);
for (let n = 0, e = 0; n < count; n++) { first[n] = e; e += N[n * nf + iec] * nef; } first[count] = E.length;
const isNew = (n) => !before.has(N[n * nf + iid]);
const ret = new Int32Array(count).fill(-1); const retName = new Array(count);
for (let n = 0; n < count; n++) for (let e = first[n]; e < first[n + 1]; e += nef) { const t = etypes[E[e + eit]]; if (t === 'weak' || t === 'shortcut') continue; const to = E[e + eto] / nf; if (!isNew(to)) continue; if (ret[to] === -1 || (!isNew(ret[to]) && isNew(n))) { ret[to] = n; retName[to] = (t === 'element' || t === 'hidden') ? '' : S[E[e + ein]]; } }
const OWNERS = { WireStream: 'provider', SseParser: 'provider', LineScanner: 'provider', CompletionsStreamMapper: 'provider', StreamCall: 'provider', TextAccumulator: '?text', TurnRunner: 'engine', StepConsumer: 'engine', ConversationTarget: 'engine', TurnTracker: 'engine', Messages: 'engine', PartialStep: 'engine', RetriedRequest: 'engine', SafeSubscriber: 'rxjs', ConsumerObserver: 'rxjs', Socket: 'node-http', ClientRequest: 'node-http', IncomingMessage: 'node-http', HTTPParser: 'node-http', TCP: 'node-http', AbortController: 'signal', EventTarget: 'signal', AbortSignal: 'signal', Generator: 'async-frame', Promise: 'promise' };
const owner = new Map(); const byOwner = new Map(); const detail = new Map();
for (let n = 0; n < count; n++) {
  if (!isNew(n)) continue;
  let cur = n, label = null, path = [];
  for (let d = 0; d < 12 && cur >= 0; d++) { const nm = S[N[cur * nf + iname]]; const t = types[N[cur * nf + it]]; if (t === 'object' && OWNERS[nm]) { label = nm; break; } if (t === 'object' && nm.startsWith('system / Context')) { /* keep going */ } path.push(retName[cur]); cur = ret[cur]; }
  const k = label ? `${OWNERS[label]}:${label}` : 'other';
  byOwner.set(k, (byOwner.get(k) || 0) + N[n * nf + isz]);
}
let tot = 0; for (const [, v] of byOwner) tot += v;
for (const [k, v] of [...byOwner].sort((a, b) => b[1] - a[1])) console.log((v / Nn).toFixed(0).padStart(6), k);
console.log('total', (tot / Nn).toFixed(0));
