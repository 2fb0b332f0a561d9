/*
 * Engine CPU per streamed chunk, without HTTP: chat.stream() over a model seam that emits 2,000
 * text deltas synchronously (default retry wrapper on). Compare builds side by side, alternating:
 *   CHAT_TS_DIST=$PWD/dist node bench/probes/engine-chunk.probe.js
 * Prints CPU ns per chunk of the engine alone (retry wrapper, step consumer, run, emit).
 */
const path = require('path');
const dist = process.env.CHAT_TS_DIST;
const { Chat } = require(path.join(dist, 'index.js'));
const { ChatCompletionsBuilder } = require(path.join(dist, 'providers/completions/index.js'));
const { Observable } = require('rxjs');
const provider = new ChatCompletionsBuilder().withBaseUrl(`http://127.0.0.1:1/v1`).withModel('m').build();
const W=['The',' quick',' brown',' fox',' jumps',' over',' the',' lazy',' dog','.'];
const events = W.map((w)=>({type:'text-delta',delta:w}));
const usage={inputTokens:1,outputTokens:1,totalTokens:2};
const response={parts:[{type:'text',text:'x'}],usage,finishReason:{unified:'stop'},metadata:{model:'m',provider:provider.id}};
const modelCaller = () => new Observable((s) => { for (let i = 0; i < 2000; i++) s.next(events[i % 10]); s.next({type:'usage',usage}); s.next({type:'step-finish',response}); s.complete(); });
const chat = new Chat({ provider, modelCaller });
const one = () => new Promise((res, rej) => { let n = 0; chat.stream('go').subscribe({ next: () => { n++; }, error: rej, complete: () => res(n) }); });
(async () => { for (let i = 0; i < 200; i++) await one(); const t = process.cpuUsage(); for (let i = 0; i < 1000; i++) await one(); const u = process.cpuUsage(t); console.log(((u.user + u.system) / 1000 / 2000 * 1e3).toFixed(0), 'ns/chunk'); })().catch(e=>console.error(e));
