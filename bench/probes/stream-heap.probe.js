/*
 * Heap snapshots of N open chat.stream()s (the stream-heap bench's client, plus snapshots), to find
 * what an open stream holds. Start the drip server, then run against a build:
 *   npx ts-node --transpile-only bench/children/sse.server.ts --mode drip --interval 100 --hold 600000   # prints its port
 *   CHAT_TS_DIST=$PWD/dist node --expose-gc bench/probes/stream-heap.probe.js http://127.0.0.1:PORT 1000 /tmp/s
 *   node --max-old-space-size=4000 bench/probes/heap-owners.probe.js /tmp/s-before.heapsnapshot /tmp/s-after.heapsnapshot 1000
 *   DEPTH=2 node --max-old-space-size=4000 bench/probes/heap-retainers.probe.js /tmp/s-before.heapsnapshot /tmp/s-after.heapsnapshot 1000 80
 * Prints heapUsed per stream (KB); the other probes print bytes per stream by owning object / by retainer path.
 */
const v8 = require('v8'); const fs = require('fs'); const path = require('path');
const dist = process.env.CHAT_TS_DIST;
const { ChatBuilder } = require(path.join(dist, 'index.js'));
const { ChatCompletionsBuilder } = require(path.join(dist, 'providers/completions/index.js'));
const base = new URL(process.argv[2]); const N = Number(process.argv[3] || 500); const out = process.argv[4];
const provider = new ChatCompletionsBuilder().withBaseUrl(`${base.origin}/v1`).withModel('bench-model').build();
const chat = new ChatBuilder().withModel(provider).build();
function open() { let sub; const first = new Promise((res, rej) => { sub = chat.stream('Hold the line.').subscribe({ next: (e) => { if (e.type === 'text-delta') res(); }, error: rej }); }); return { first, cancel: () => sub.unsubscribe() }; }
function heap() { for (let i = 0; i < 3; i++) global.gc(); return process.memoryUsage().heapUsed; }
(async () => {
  for (let i = 0; i < 3; i++) { const w = open(); await w.first; w.cancel(); }
  await new Promise((r) => setTimeout(r, 200));
  const b = heap(); if (out) v8.writeHeapSnapshot(out + '-before.heapsnapshot');
  const b2 = heap();
  const list = Array.from({ length: N }, open); await Promise.all(list.map((s) => s.first));
  const h = heap(); if (out) v8.writeHeapSnapshot(out + '-after.heapsnapshot');
  console.log(JSON.stringify({ perStream: (h - b2) / N / 1024 }));
  for (const s of list) s.cancel();
  process.exit(0);
})();
