/**
 * WebSocket mode: a chat's whole tool loop over ONE persistent socket. Every step after the first
 * sends only the new items (the tool results) with `previous_response_id`; the socket stays open
 * between turns. Runs offline on the built-in emulator (which speaks the Responses API over
 * WebSocket too); uses the real OpenAI API when OPENAI_API_KEY is set.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { IsString, Matches } from 'class-validator';
import { ChatBuilder, Messages, Tool, collectTools } from '../lib';
import { OpenAIBuilder } from '../lib/providers/openai';
import { WebSocketTransport } from '../lib/transport/ws';
import { realOrEmulated } from './support/real-or-emulated';

class ParcelArgs {
  /** Tracking number, e.g. "PKG-0001". */
  @IsString() @Matches(/^PKG-\d{4}$/) id!: string;
}

class ParcelTools {
  private readonly hubs: Record<string, string> = { 'PKG-0001': 'Lyon', 'PKG-0002': 'Turin' };

  /** Where a parcel is now. */
  @Tool({ description: 'Where a parcel is now.' })
  trackParcel(args: ParcelArgs): { id: string; hub: string } {
    console.log(`  → trackParcel(${args.id})`);
    return { id: args.id, hub: this.hubs[args.id] ?? 'unknown' };
  }

  /** When a parcel will be delivered. */
  @Tool({ description: 'When a parcel will be delivered.' })
  estimateDelivery(args: ParcelArgs): { id: string; eta: string } {
    console.log(`  → estimateDelivery(${args.id})`);
    return { id: args.id, eta: args.id === 'PKG-0001' ? '2025-03-08' : '2025-03-10' };
  }
}

async function main(): Promise<void> {
  const socket = new WebSocketTransport({ poolSize: 4 });
  const sample = await realOrEmulated({
    label: 'OpenAI Responses API over WebSocket',
    envKeys: ['OPENAI_API_KEY'],
    real: () => new OpenAIBuilder().withModel('gpt-5-mini').withTransport(socket).build(),
    emulated: (emulator) => new OpenAIBuilder().withModel('gpt-5-mini').withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulator').withTransport(socket).build(),
    script: [
      { toolCalls: [{ name: 'trackParcel', arguments: { id: 'PKG-0001' } }, { name: 'trackParcel', arguments: { id: 'PKG-0002' } }] },
      { toolCalls: [{ name: 'estimateDelivery', arguments: { id: 'PKG-0001' } }] },
      { toolCalls: [{ name: 'estimateDelivery', arguments: { id: 'PKG-0002' } }] },
      { text: 'PKG-0001 is in Lyon and arrives on 8 March; PKG-0002 is in Turin and arrives on 10 March.' },
    ],
  });
  try {
    const chat = new ChatBuilder()
      .withModel(sample.provider)
      .withSystemPrompt('Use the tools for every parcel, then answer in one sentence.')
      .withTools(collectTools(new ParcelTools()))
      .build();
    const messages = Messages.fromUser('Where are PKG-0001 and PKG-0002, and when do they arrive?');
    const reply = await chat.complete(messages);
    console.log(`Answer: ${reply.text}`);
    const steps = messages.toArray().filter((m) => m.role === 'assistant').length;
    console.log(`${steps} model requests, ${reply.toolResults.length} tool results, over ${socket.openSockets} open socket(s).`);
    if (sample.emulator) {
      for (const [i, request] of sample.emulator.requests().entries()) {
        const body = request.body as { previous_response_id?: string; input?: unknown[] };
        console.log(`  request ${i + 1} on socket ${request.socket}: ${body.input?.length ?? 0} input item(s)${body.previous_response_id ? `, chained from ${body.previous_response_id}` : ''}`);
      }
      if (reply.toolResults.length !== 4 || socket.openSockets !== 1) throw new Error('expected four tool results over one socket');
    }
  } finally {
    await socket.dispose();
    await sample.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
