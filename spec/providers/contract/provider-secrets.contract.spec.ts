import { inspect } from 'node:util';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { ProviderRequest } from '../../../lib/core/provider.types';
import { ChatError } from '../../../lib/errors';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { CONTRACT_ENTRIES, CONTRACT_KEY } from './provider-contract.registry';

const ask: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hello' }] }] };

/** Every string reachable from a value (own properties, enumerable or not, prototypes excluded), depth-first. */
function strings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  return Reflect.ownKeys(value).flatMap((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor && 'value' in descriptor ? [String(key), ...strings(descriptor.value, seen)] : [String(key)];
  });
}

/** What a structured clone keeps: every string of the clone, or the clone error's message. */
function cloned(value: unknown): string[] {
  try {
    return strings(structuredClone(value));
  } catch (error) {
    return [String(error), (error as Error).stack ?? ''];
  }
}

/** The ways an app, a logger or an error reporter shows a value. */
function renderings(value: unknown): string[] {
  return [
    inspect(value),
    inspect(value, { depth: Infinity, showHidden: true }),
    inspect(value, { depth: Infinity, showHidden: true, customInspect: false, getters: true }),
    JSON.stringify(value) ?? '',
    String(value),
    ...strings(value),
    ...cloned(value),
  ];
}

/** Renderings of an error, its cause chain included. */
function errorRenderings(error: unknown): string[] {
  const e = error as Error;
  const out = [e.message, e.stack ?? '', ...renderings(e)];
  if (e instanceof ChatError) out.push(JSON.stringify(e.toJSON()), e.providerMessage ?? '');
  return e.cause ? [...out, ...errorRenderings(e.cause)] : out;
}

function expectNoKey(texts: string[], where: string): void {
  const leaks = texts.filter((t) => t.includes(CONTRACT_KEY)).map((t) => t.slice(Math.max(0, t.indexOf(CONTRACT_KEY) - 600), t.indexOf(CONTRACT_KEY) + 80));
  expect({ where, leaks }).toEqual({ where, leaks: [] });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe.each(CONTRACT_ENTRIES.map((e) => [e.name, e] as const))('%s: the API key is never visible', (_name, entry) => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('in the builder and the provider (inspect, JSON, structuredClone, own properties), which show id and model', () => {
    const builder = entry.builder(emulator);
    expectNoKey(renderings(builder), 'builder');
    const provider = builder.build();
    expectNoKey(renderings(provider), 'provider');
    expect(JSON.parse(JSON.stringify(provider))).toEqual({ provider: entry.id, model: provider.model });
    expect(inspect(provider)).toBe(`${provider.constructor.name} { provider: ${JSON.stringify(entry.id)}, model: ${JSON.stringify(provider.model)} }`);
    expect(JSON.parse(JSON.stringify(builder))).toEqual({ provider: entry.id, model: provider.model });
    expect(inspect(builder)).toContain(`provider: ${JSON.stringify(entry.id)}`);
  });

  it('in a response and a stream, while the key does travel on the wire', async () => {
    emulator.script([{ text: 'Hi there.' }, { text: 'Streamed.' }]);
    const provider = entry.builder(emulator).build();
    const response = await provider.complete(ask);
    const events = await lastValueFrom(provider.stream(ask).pipe(toArray()));
    expectNoKey(renderings(response), 'response');
    expectNoKey(events.flatMap(renderings), 'stream events');
    const sent = emulator.requests().map((r) => JSON.stringify(r.headers));
    expect(sent).toHaveLength(2);
    for (const headers of sent) expect(headers).toContain(CONTRACT_KEY);
  });

  it('in errors whose bodies echo the key, whole and streamed, and in network errors', async () => {
    const echo = { status: 401, message: `Incorrect API key provided: ${CONTRACT_KEY} (Bearer ${CONTRACT_KEY})` };
    emulator.script([{ error: echo }, { error: echo }, { error: { status: 400, message: `x-api-key: ${CONTRACT_KEY}` } }]);
    const provider = entry.builder(emulator).build();
    const errors = [
      await failure(provider.complete(ask)),
      await failure(firstValueFrom(provider.stream(ask))),
      await failure(provider.complete(ask)),
      await failure(entry.builder(emulator, { baseUrl: 'http://127.0.0.1:1/v1' }).build().complete(ask)),
    ];
    for (const [index, error] of errors.entries()) {
      expect(error).toBeInstanceOf(ChatError);
      expectNoKey(errorRenderings(error), `error ${index}`);
    }
    expect((errors[0] as ChatError).providerMessage).toContain('[REDACTED]');
  });
});
