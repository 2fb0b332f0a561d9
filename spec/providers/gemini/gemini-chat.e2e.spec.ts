import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../../lib/chat';
import type { JsonObject, JsonValue } from '../../../lib/core/json.types';
import type { OutputSpec } from '../../../lib/core/output.types';
import { Messages } from '../../../lib/core/messages';
import type { ToolDefinition } from '../../../lib/core/tool.types';
import { RateLimitError } from '../../../lib/errors';
import { emulatedEmbedding, ProviderEmulator } from '../../../lib/testing/emulator';
import { geminiOn, sentBody } from '../../support/gemini-emulator';

function tool(name: string, execute: (args: JsonObject) => unknown, metadata: ToolDefinition['metadata'] = {}): ToolDefinition {
  return {
    name,
    description: `The ${name} tool`,
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
    metadata,
    validate: async (args: JsonValue) => ({ ok: true, value: args }),
    execute: async (args: unknown) => execute(args as JsonObject),
  };
}

interface City {
  readonly city: string;
  readonly population: number;
}

const citySpec: OutputSpec<City> = {
  name: 'City',
  schema: { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'] },
  async parse(value: JsonValue) {
    const v = value as Partial<City> | null;
    return v && typeof v.city === 'string' && typeof v.population === 'number'
      ? { ok: true as const, value: { city: v.city, population: v.population } }
      : { ok: false as const, message: 'not a city', errors: [] };
  },
};

describe('Gemini through ChatBuilder (engine end to end, emulator)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('runs parallel tool calls and sends results back with the thought signature', async () => {
    emulator.script([
      { reasoningSignature: 'U0lH', toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }, { name: 'weather', arguments: { city: 'Rome' } }] },
      { text: 'Paris 20°C, Rome 25°C.' },
    ]);
    const weather = tool('weather', ({ city }) => ({ city, celsius: city === 'Paris' ? 20 : 25 }));
    const chat = new ChatBuilder().withModel(geminiOn(emulator, 'gemini-3-flash-preview').build()).withTools([weather]).build();
    const messages = Messages.fromUser('Weather in Paris and Rome?');
    const reply = await chat.complete(messages);
    expect(reply.text).toBe('Paris 20°C, Rome 25°C.');
    expect(reply.toolResults.map((r) => r.content)).toEqual(['{"city":"Paris","celsius":20}', '{"city":"Rome","celsius":25}']);
    const second = sentBody(emulator, 1).contents as JsonObject[];
    expect(second.slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'U0lH' },
          { functionCall: { name: 'weather', args: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { output: { city: 'Paris', celsius: 20 } } } },
          { functionResponse: { name: 'weather', response: { output: { city: 'Rome', celsius: 25 } } } },
        ],
      },
    ]);
  });

  it('returns validated structured output through responseJsonSchema', async () => {
    emulator.script([{ json: { city: 'Paris', population: 2102650 } }]);
    const chat = new ChatBuilder().withModel(geminiOn(emulator).build()).withStructuredOutput(citySpec).build();
    const reply = await chat.complete('Facts about Paris');
    expect(reply.output).toEqual({ city: 'Paris', population: 2102650 });
    expect(sentBody(emulator).generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: citySpec.schema });
  });

  it('streams a tool turn: deltas, tool results, finish', async () => {
    emulator.script([{ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Oslo is cold.' }]);
    const chat = new ChatBuilder().withModel(geminiOn(emulator).build()).withTools([tool('weather', () => 'minus 5')]).build();
    const events = await lastValueFrom(chat.stream('Weather in Oslo?').pipe(toArray()));
    const kinds = events.map((e) => e.type);
    expect(kinds).toContain('tool-call-end');
    expect(kinds).toContain('tool-result');
    expect(kinds[kinds.length - 1]).toBe('finish');
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('')).toBe('Oslo is cold.');
  });

  it('pauses a gated call for approval and resumes it on Gemini', async () => {
    emulator.script([{ toolCalls: [{ name: 'transfer', arguments: { city: 'Paris' } }] }, { text: 'Transferred.' }]);
    const runs: JsonObject[] = [];
    const transfer = tool('transfer', (args) => (runs.push(args), 'ok'), { requiresApproval: true });
    const chat = new ChatBuilder().withModel(geminiOn(emulator).build()).withTools([transfer]).withApprovalSecret('a-long-shared-approval-secret').build();
    const messages = Messages.fromUser('Transfer to Paris');
    const paused = await chat.complete(messages);
    expect(paused.status).toBe('paused');
    expect(runs).toEqual([]);
    messages.approve(paused.pendingToolCalls[0].id);
    const done = await chat.complete(messages);
    expect(done.text).toBe('Transferred.');
    expect(runs).toEqual([{ city: 'Paris' }]);
    expect(emulator.requests()).toHaveLength(2);
  });

  it('keeps Gemini 3 thoughts and signatures across a paused turn saved as JSON', async () => {
    emulator.script([
      { reasoning: 'Needs approval first.', reasoningSignature: 'U0lHLTE=', toolCalls: [{ id: 'fc_t', name: 'transfer', arguments: { city: 'Oslo' } }] },
      { reasoning: 'Done, report.', reasoningSignature: 'U0lHLTI=', text: 'Sent to Oslo.' },
    ]);
    const transfer = tool('transfer', () => 'ok', { requiresApproval: true });
    const chat = new ChatBuilder()
      .withModel(geminiOn(emulator, 'gemini-3-pro-preview').withThinking({ includeThoughts: true, level: 'low' }).build())
      .withTools([transfer])
      .withApprovalSecret('a-long-shared-approval-secret')
      .build();
    const first = Messages.fromUser('Send it to Oslo');
    const paused = await chat.complete(first);
    expect(paused.status).toBe('paused');
    const restored = Messages.fromJSON(JSON.stringify(first));
    restored.approve('fc_t');
    const done = await chat.complete(restored);
    expect(done.text).toBe('Sent to Oslo.');
    expect(sentBody(emulator, 0).generationConfig).toEqual({ thinkingConfig: { includeThoughts: true, thinkingLevel: 'low' } });
    expect((sentBody(emulator, 1).contents as JsonObject[])[1]).toEqual({
      role: 'model',
      parts: [
        { text: 'Needs approval first.', thought: true },
        { functionCall: { id: 'fc_t', name: 'transfer', args: { city: 'Oslo' } }, thoughtSignature: 'U0lHLTE=' },
      ],
    });
    expect(done.message.parts.filter((p) => p.type === 'reasoning').map((p) => (p as { signature?: string }).signature)).toEqual([undefined, 'U0lHLTI=']);
  });

  it('sends images from the conversation and streams structured output with partial objects', async () => {
    emulator.script([{ json: { city: 'Paris', population: 2102650 }, chunkSize: 6 }]);
    const chat = new ChatBuilder().withModel(geminiOn(emulator).build()).withStructuredOutput(citySpec).build();
    const messages = new Messages().user([
      { type: 'text', text: 'Which city is this?' },
      { type: 'image', source: { kind: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
    ]);
    const events = await lastValueFrom(chat.stream(messages).pipe(toArray()));
    expect(events.some((e) => e.type === 'partial-output')).toBe(true);
    const finish = events[events.length - 1];
    expect(finish).toMatchObject({ type: 'finish', output: { city: 'Paris', population: 2102650 } });
    expect((sentBody(emulator).contents as JsonObject[])[0]).toEqual({
      role: 'user',
      parts: [{ text: 'Which city is this?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }],
    });
  });

  it('surfaces a Gemini 429 as RateLimitError with its RetryInfo delay', async () => {
    emulator.script([{ error: { status: 429, retryAfter: 3 } }]);
    const chat = new ChatBuilder().withModel(geminiOn(emulator).build()).withRetry(false).build();
    const error = await chat.complete('hi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBe(3);
  });

  it('embeds through chat.embed in batches of 100, in input order', async () => {
    const texts = Array.from({ length: 230 }, (_, i) => `sentence ${i}`);
    const chat = new ChatBuilder().withModel(geminiOn(emulator).withEmbeddings('gemini-embedding-001').build()).build();
    const result = await chat.embed(texts, { dimensions: 4, taskType: 'semantic-similarity' });
    const batches = emulator.requests().map((r) => ((r.body as { requests: unknown[] }).requests ?? []).length);
    expect(batches.sort((a, b) => b - a)).toEqual([100, 100, 30]);
    expect(result.vectors).toHaveLength(230);
    result.vectors.forEach((v, i) => emulatedEmbedding(texts[i], 4).forEach((x, j) => expect(v[j]).toBeCloseTo(x, 5)));
  });
});
