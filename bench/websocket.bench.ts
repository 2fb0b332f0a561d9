/**
 * WebSocket mode bench: the same 10-step tool loop (9 tool calls, then the answer) over HTTP and
 * over one WebSocket, against the provider emulator running in a child process (so the figures
 * are the client's alone). Three sides, interleaved in rounds: HTTP re-sending the whole
 * conversation each step (the default over HTTP), HTTP chained with `previous_response_id`, and
 * one WebSocket (chained by default). Per loop: wall time, client CPU, bytes the client sent
 * (HTTP requests and headers, or upgrade and frames). Local, so no network latency is included:
 * on a real network each step also saves what the socket saves per request (no new TLS/HTTP
 * exchange) and the server's reload of the conversation.
 *
 * Run alone: `npx ts-node --transpile-only bench/websocket.bench.ts`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { channel } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { extname, join } from 'node:path';
import { ChatBuilder, type Chat } from '../lib/chat';
import type { ToolDefinition } from '../lib/core/tool.types';
import { OpenAIBuilder } from '../lib/providers/openai';
import type { EmulatedReply } from '../lib/testing';
import { WebSocketTransport } from '../lib/transport/ws';
import { measure, type Measurement } from './support/measure';

/** Options of {@link benchWebSocket}. */
export interface WebSocketBenchOptions {
  /** Tool loops per side (default 60), measured in `rounds` interleaved rounds. */
  readonly loops?: number;
  /** Model requests per loop (default 10: steps-1 tool calls, then the answer). */
  readonly steps?: number;
  /** Rounds (default 3). */
  readonly rounds?: number;
}

/** Every client TCP socket of this process, for bytes written (sockets keep the count after closing). */
const clientSockets: Socket[] = [];
channel('net.client.socket').subscribe((message) => clientSockets.push((message as { socket: Socket }).socket));
const bytesSent = (): number => clientSockets.reduce((sum, s) => sum + s.bytesWritten, 0);

const SYSTEM = `You are a logistics assistant. ${'Check every shipment with the tools before answering; quote tracking numbers exactly. '.repeat(24)}`;

function tools(): ToolDefinition[] {
  const tool = (name: string, description: string, execute: (args: { id: string }) => unknown): ToolDefinition => ({
    name,
    description,
    parameters: { type: 'object', properties: { id: { type: 'string', description: 'Tracking number, e.g. PKG-0001' }, verbose: { type: 'boolean' } }, required: ['id'] },
    metadata: {},
    validate: async (args) => ({ ok: true, value: args }),
    execute: async (args) => execute(args as { id: string }),
  });
  const events = (id: string) => Array.from({ length: 6 }, (_, i) => ({ at: `2025-03-0${i + 1}T10:00:00Z`, place: `Hub ${i}`, note: `Parcel ${id} scanned at sorting hub ${i}` }));
  return [
    tool('trackShipment', 'Tracking events of a shipment', ({ id }) => ({ id, status: 'in transit', events: events(id) })),
    tool('getCustomer', 'Customer of a shipment', ({ id }) => ({ id, name: 'Ada Lovelace', tier: 'gold' })),
    tool('estimateDelivery', 'Delivery estimate', ({ id }) => ({ id, eta: '2025-03-09' })),
  ];
}

/** The replies of one loop: steps-1 tool calls, then the answer. */
function loopScript(steps: number): EmulatedReply[] {
  const calls = Array.from({ length: steps - 1 }, (_, i) => ({ toolCalls: [{ name: 'trackShipment', arguments: { id: `PKG-${String(i).padStart(4, '0')}` } }] }));
  return [...calls, { text: 'All nine shipments are in transit; the last one arrives on 9 March.' }];
}

class ChildEmulator {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<ChildEmulator> {
    const ext = extname(__filename);
    const child = fork(join(__dirname, 'support', `emulator.child${ext}`), [], {
      execArgv: ext === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port?: number }) => (m.port ? resolve(m.port) : reject(new Error('emulator child did not start'))));
      child.once('exit', (code) => reject(new Error(`emulator child exited (${code})`)));
    });
    return new ChildEmulator(child, port);
  }

  script(replies: EmulatedReply[]): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('message', () => resolve());
      this.child.send({ script: replies });
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

interface Side {
  readonly label: string;
  readonly chat: Chat;
  measured: Measurement;
  bytes: number;
}

/** Runs the bench; resolves to its printable report. */
export async function benchWebSocket(options: WebSocketBenchOptions = {}): Promise<string> {
  const steps = options.steps ?? 10;
  const rounds = options.rounds ?? 3;
  const perRound = Math.max(1, Math.ceil((options.loops ?? 60) / rounds));
  const emulator = await ChildEmulator.start();
  const ws = new WebSocketTransport({ pingIntervalMs: 0 });
  try {
    const url = `http://127.0.0.1:${emulator.port}/v1`;
    const openai = () => new OpenAIBuilder().withModel('gpt-bench').withCustomUrl(url).withApiKey('sk-bench');
    const chat = (builder: ReturnType<typeof openai>) => new ChatBuilder().withModel(builder.build()).withSystemPrompt(SYSTEM).withTools(tools()).withMaxSteps(steps).build();
    const sides: Side[] = [
      { label: 'HTTP, whole conversation each step', chat: chat(openai()) },
      { label: 'HTTP, previous_response_id', chat: chat(openai().withAutoChaining()) },
      { label: 'WebSocket, one socket', chat: chat(openai().withTransport(ws)) },
    ].map((s) => ({ ...s, measured: { label: s.label, iterations: 0, wallMs: 0, cpuMicros: 0 }, bytes: 0 }));
    const loop = async (side: Side): Promise<void> => {
      await emulator.script(loopScript(steps));
      const reply = await side.chat.complete('Where are my nine parcels?');
      if (reply.status !== 'completed' || !reply.text.startsWith('All nine')) throw new Error(`${side.label}: the loop did not complete`);
    };
    for (const side of sides) for (let i = 0; i < 5; i++) await loop(side); // warm-up: JIT, connections
    for (let round = 0; round < rounds; round++) {
      for (const side of sides) {
        const before = bytesSent();
        const m = await measure(side.label, perRound, () => loop(side), 0);
        side.bytes += bytesSent() - before;
        side.measured = { ...side.measured, iterations: side.measured.iterations + m.iterations, wallMs: side.measured.wallMs + m.wallMs, cpuMicros: side.measured.cpuMicros + m.cpuMicros };
      }
    }
    if (ws.openSockets !== 1) throw new Error(`the WebSocket side used ${ws.openSockets} sockets`);
    return report(sides, steps);
  } finally {
    await ws.dispose();
    emulator.stop();
  }
}

function report(sides: readonly Side[], steps: number): string {
  const wall = (s: Side) => s.measured.wallMs / s.measured.iterations;
  const cpu = (s: Side) => s.measured.cpuMicros / 1000 / s.measured.iterations;
  const kb = (s: Side) => s.bytes / 1024 / s.measured.iterations;
  const [full, , socket] = sides;
  const less = (a: number, b: number) => `${(100 * (1 - b / a)).toFixed(0)}% less`;
  return [
    `## WebSocket mode: a ${steps}-step tool loop (client side, emulator in another process, ${sides[0].measured.iterations} loops per side)`,
    `  ${'side'.padEnd(38)} ${'wall ms/loop'.padStart(12)} ${'CPU ms/loop'.padStart(12)} ${'KiB sent/loop'.padStart(14)}`,
    ...sides.map((s) => `  ${s.label.padEnd(38)} ${wall(s).toFixed(2).padStart(12)} ${cpu(s).toFixed(2).padStart(12)} ${kb(s).toFixed(1).padStart(14)}`),
    `  WebSocket vs HTTP (whole conversation): ${less(wall(full), wall(socket))} wall time, ${less(cpu(full), cpu(socket))} CPU, ${(kb(full) / kb(socket)).toFixed(1)}× fewer bytes sent`,
  ].join('\n');
}

if (require.main === module) {
  benchWebSocket().then(
    (text) => console.log(text),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
