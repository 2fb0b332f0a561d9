import { ATTR_ERROR_TYPE, ATTR_GEN_AI_RESPONSE_MODEL } from '@opentelemetry/semantic-conventions/incubating';
import { lastValueFrom } from 'rxjs';
import { ChatBuilder } from '../../lib/chat';
import { CHAT_TS, CHAT_TS_EVENT, openTelemetry } from '../../lib/otel';
import { CircuitBreaker, RouterBuilder } from '../../lib/router';
import { ProviderEmulator } from '../../lib/testing';
import { requestCounts, responsesAt } from '../support/emulated-providers';
import { OtelHarness, parentOf } from '../support/otel-harness';

describe('chat-ts/otel over a router: its choices and circuit states on the spans', () => {
  let emulator: ProviderEmulator;
  let otel: OtelHarness;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    otel = new OtelHarness();
  });
  afterEach(() => otel.close());

  const provider = (session: string) => responsesAt(emulator, session, { id: session });
  const attempts = () => {
    const run = otel.spans().find((s) => parentOf(s) === undefined)!;
    return otel.spans().filter((s) => parentOf(s) === run.spanContext().spanId);
  };

  it('the request span names the provider that answered; the failure that opened a circuit is an event on it; an open circuit is skipped', async () => {
    emulator.script([{ error: { status: 500 } }], 'a').script([{ text: 'from b' }, { text: 'b again' }], 'b');
    const breaker = new CircuitBreaker({ failureThreshold: 1, recoveryTimeMs: 600_000 });
    const router = new RouterBuilder().addProvider(provider('a'), { name: 'a' }).addProvider(provider('b'), { name: 'b' }).withCircuitBreaker(breaker).build();
    const telemetry = openTelemetry({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, circuitBreakers: [breaker] });
    openTelemetry({ circuitBreakers: [breaker, breaker] }); // another chat's observer: each change is still recorded once
    const chat = new ChatBuilder().withModel(router).withRetry(false).withObserver(telemetry).build();

    expect((await chat.complete('hi')).text).toBe('from b');
    const [first] = attempts();
    expect(first.attributes[CHAT_TS.responseProvider]).toBe('b');
    expect(first.attributes[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('model-b');
    expect(first.events.filter((e) => e.name === CHAT_TS_EVENT.circuitStateChange).map((e) => e.attributes)).toEqual([
      { [CHAT_TS.circuitProvider]: 'a', [CHAT_TS.circuitFrom]: 'closed', [CHAT_TS.circuitTo]: 'open', [CHAT_TS.circuitFailures]: 1 },
    ]);

    otel.exporter.reset();
    expect((await chat.complete('again')).text).toBe('b again');
    const [second] = attempts();
    expect(second.attributes[CHAT_TS.responseProvider]).toBe('b');
    expect(second.events.map((e) => e.name)).not.toContain(CHAT_TS_EVENT.circuitStateChange);
    expect(requestCounts(emulator, 'a', 'b')).toEqual({ a: 1, b: 2 }); // the open circuit kept the request from a
  });

  it('a mid-stream fallback is a provider_fallback event (from, to, mode, error.type) on the request span, which ends OK', async () => {
    emulator.script([{ text: 'Once upon a time there was a fox.', fault: 'reset-mid', afterChunks: 6 }], 'a').script([{ text: 'A fresh story.' }], 'b');
    const router = new RouterBuilder().addProvider(provider('a'), { name: 'a' }).addProvider(provider('b'), { name: 'b' }).withStreamFallback('restart').build();
    const chat = new ChatBuilder().withModel(router).withRetry(false).withObserver(openTelemetry({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider })).build();
    await lastValueFrom(chat.stream('Tell me a story'));
    const [attempt] = attempts();
    const fallback = attempt.events.find((e) => e.name === CHAT_TS_EVENT.providerFallback);
    expect(fallback?.attributes).toEqual({ from: 'a', to: 'b', mode: 'restart', [ATTR_ERROR_TYPE]: 'NetworkError' });
    expect(attempt.attributes[CHAT_TS.responseProvider]).toBe('b');
    expect(attempt.attributes[ATTR_ERROR_TYPE]).toBeUndefined();
    expect(attempt.ended).toBe(true);
  });
});
