/*
 * Objects new between two heap snapshots of stream-heap.probe.js, grouped by kind, shape and
 * retainer path (DEPTH levels), in bytes and objects per stream. See stream-heap.probe.js for usage.
 */
const fs = require('fs');
function load(file) { return JSON.parse(fs.readFileSync(file, 'utf8')); }
const A = load(process.argv[2]), B = load(process.argv[3]), N = Number(process.argv[4]);
const f = B.snapshot.meta.node_fields, nf = f.length, types = B.snapshot.meta.node_types[0];
const ef = B.snapshot.meta.edge_fields, nef = ef.length, etypes = B.snapshot.meta.edge_types[0];
const it = f.indexOf('type'), iname = f.indexOf('name'), iid = f.indexOf('id'), isz = f.indexOf('self_size'), iec = f.indexOf('edge_count');
const eit = ef.indexOf('type'), ein = ef.indexOf('name_or_index'), eto = ef.indexOf('to_node');
const before = new Set(); for (let i = 0; i < A.nodes.length; i += A.snapshot.meta.node_fields.length) before.add(A.nodes[i + A.snapshot.meta.node_fields.indexOf('id')]);
const nodes = B.nodes, edges = B.edges, S = B.strings;
const count = nodes.length / nf; const firstEdge = new Uint32Array(count + 1);
for (let n = 0, e = 0; n < count; n++) { firstEdge[n] = e; e += nodes[n * nf + iec] * nef; } firstEdge[count] = edges.length;
const ret = new Int32Array(count).fill(-1); const retEdge = new Int32Array(count).fill(-1);
for (let n = 0; n < count; n++) for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += nef) { const t = etypes[edges[e + eit]]; if (t === 'weak' || t === 'shortcut') continue; const to = edges[e + eto] / nf; if (ret[to] === -1 || (nodes[ret[to]*nf+iid] && before.has(nodes[ret[to] * nf + iid]) && !before.has(nodes[n*nf+iid]))) { ret[to] = n; retEdge[to] = e; } }
function ename(e) { const t = etypes[edges[e + eit]]; return (t === 'element' || t === 'hidden') ? '[' + edges[e + ein] + ']' : S[edges[e + ein]]; }
function desc(n) {
  const t = types[nodes[n * nf + it]]; let name = S[nodes[n * nf + iname]];
  if (t.includes('string')) return t;
  if (t === 'code') return 'code';
  if (t === 'object' && (name === 'Object' || name === 'system / Context')) {
    const props = []; for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += nef) { const et = etypes[edges[e + eit]]; if (et === 'property' || et === 'context') props.push(S[edges[e + ein]]); }
    name += '{' + props.slice(0, 8).join(',') + '}';
  }
  return t + ':' + name.slice(0, 100);
}
const m = new Map();
for (let n = 0; n < count; n++) {
  if (before.has(nodes[n * nf + iid])) continue;
  const r = ret[n]; let k = desc(n) + '  <-' + (r >= 0 ? desc(r).slice(0, 80) + '.' + ename(retEdge[n]) : '?');
  if (r >= 0 && process.env.DEPTH) { let rr = ret[r], ee = retEdge[r]; for (let d = 1; d < Number(process.env.DEPTH) && rr >= 0; d++) { k += ' <-' + desc(rr).slice(0, 70) + '.' + ename(ee); ee = retEdge[rr]; rr = ret[rr]; } }
  const e = m.get(k) || { c: 0, s: 0 }; e.c++; e.s += nodes[n * nf + isz]; m.set(k, e);
}
const rows = [...m].filter(([, v]) => v.s / N >= 8).sort((a, b) => b[1].s - a[1].s);
let tot = 0; for (const [, v] of m) tot += v.s;
for (const [k, v] of rows.slice(0, Number(process.argv[5] || 120))) console.log((v.s / N).toFixed(0).padStart(6), (v.c / N).toFixed(2).padStart(6), k);
console.log('total new per stream', (tot / N).toFixed(0));
