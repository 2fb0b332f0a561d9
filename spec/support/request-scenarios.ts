import { lastValueFrom, toArray } from 'rxjs';
import type { EmbeddingRequest, EmbeddingResponse } from '../../lib/core/embedding.types';
import type { Message } from '../../lib/core/message.types';
import type { ProviderRequest } from '../../lib/core/provider.types';
import type { NativeToolKind } from '../../lib/core/tool.types';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import { UnsupportedFeatureError } from '../../lib/errors/unsupported-feature.error';
import type { ProviderEmulator, RecordedRequest } from '../../lib/testing';

/**
 * The requests every provider is made to send for the request-body conformance suites: plain,
 * stream, tools, tool results, structured output, images, files, reasoning options, embeddings.
 * Bodies are captured as the emulator received them (a real HTTP server on 127.0.0.1).
 */

/** What the suites need of a provider. */
export interface CapturedProvider {
  complete(request: ProviderRequest): Promise<unknown>;
  stream(request: ProviderRequest): import('rxjs').Observable<ModelStreamEvent>;
  embed(request: EmbeddingRequest): Promise<EmbeddingResponse>;
  readonly capabilities: { readonly embeddings: boolean; readonly nativeTools?: readonly NativeToolKind[] };
}

/** One request a scenario sent, as the server received it. */
export interface CapturedBody {
  readonly scenario: string;
  readonly path: string;
  readonly body: unknown;
}

const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] });
const WEATHER = {
  name: 'weather',
  description: 'Weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'] },
};
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');

/** The chat scenarios, by name. `reasoning` merges extra options (e.g. a thinking budget). */
export function chatScenarios(reasoning: ProviderRequest['options'] = { reasoning: { effort: 'high' } }): Record<string, ProviderRequest> {
  const history: Message[] = [
    user('Weather in Paris?'),
    { role: 'assistant', parts: [{ type: 'tool-call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' }, status: 'completed' }] },
    { role: 'tool', parts: [{ type: 'tool-result', callId: 'call_1', name: 'weather', content: '{"celsius":21}' }] },
  ];
  return {
    plain: { system: 'Be brief.', messages: [user('Hello')], options: { temperature: 0.2, maxTokens: 50, topP: 0.9, stop: ['END'], seed: 7 } },
    tools: { messages: [user('Weather in Paris?')], tools: [WEATHER], toolChoice: 'auto' },
    'forced tool': { messages: [user('Weather in Paris?')], tools: [WEATHER], toolChoice: { name: 'weather' } },
    'tool results': { messages: history, tools: [WEATHER] },
    'failed tool result': {
      messages: [history[0], history[1], { role: 'tool', parts: [{ type: 'tool-result', callId: 'call_1', name: 'weather', content: 'city unknown', isError: true }] }],
      tools: [WEATHER],
    },
    'structured output': {
      messages: [user('Weather?')],
      responseFormat: { name: 'weather report', description: 'A report', schema: { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city'] } },
    },
    images: {
      messages: [
        {
          role: 'user',
          parts: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
            { type: 'image', source: { kind: 'base64', data: PNG_1PX, mediaType: 'image/png' } },
          ],
        },
      ],
    },
    files: { messages: [{ role: 'user', parts: [{ type: 'text', text: 'Summarise' }, { type: 'file', source: { kind: 'base64', data: PDF, mediaType: 'application/pdf' }, filename: 'a.pdf' }] }] },
    reasoning: { messages: [user('Think about it')], options: reasoning },
  };
}

/**
 * Sends every chat scenario (whole, plus `plain`, `tools` and `reasoning` streamed), the provider's
 * native tools (web search, code execution, ...) when it has some, and, when the provider embeds,
 * an embeddings batch; returns each body the emulator received with its scenario. A scenario the
 * provider refuses before sending (`UnsupportedFeatureError`, e.g. files on a wire without them) is
 * listed in `refused`.
 */
export async function captureBodies(
  provider: CapturedProvider,
  emulator: ProviderEmulator,
  reasoning?: ProviderRequest['options'],
): Promise<{ bodies: CapturedBody[]; refused: string[] }> {
  const bodies: CapturedBody[] = [];
  const refused: string[] = [];
  const take = (scenario: string): void => {
    const recorded: readonly RecordedRequest[] = emulator.requests();
    for (const r of recorded) bodies.push({ scenario, path: r.path, body: r.body });
    emulator.reset();
  };
  for (const [name, request] of Object.entries(chatScenarios(reasoning))) {
    try {
      await provider.complete(request);
    } catch (error) {
      if (!(error instanceof UnsupportedFeatureError)) throw error;
      refused.push(name);
    }
    take(name);
  }
  const native = provider.capabilities.nativeTools ?? [];
  if (native.length > 0) {
    // Every native tool the provider offers, alone (Gemini before 3 refuses them beside function tools).
    await provider.complete({ messages: [user('Look it up')], nativeTools: native.map((kind) => ({ kind })) });
    take('native tools');
  }
  for (const name of ['plain', 'tools', 'reasoning']) {
    await lastValueFrom(provider.stream(chatScenarios(reasoning)[name]).pipe(toArray()));
    take(`${name} (stream)`);
  }
  if (provider.capabilities.embeddings) {
    await provider.embed({ texts: ['alpha', 'beta'] });
    await provider.embed({ texts: ['gamma'], dimensions: 4 });
    take('embeddings');
  }
  return { bodies, refused };
}
