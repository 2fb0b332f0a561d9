import { SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions/incubating';
import { budgets } from '../../lib/budget';
import { ChatBuilder } from '../../lib/chat';
import type { Usage } from '../../lib/core/usage.types';
import { BudgetExceededError } from '../../lib/errors';
import { openTelemetry } from '../../lib/otel';
import { ProviderEmulator } from '../../lib/testing';
import { responsesAt } from '../support/emulated-providers';
import { OtelHarness, parentOf } from '../support/otel-harness';

const estimate = (): Usage => ({ inputTokens: 50, outputTokens: 100, totalTokens: 150 });

describe('a budget refusal on the spans', () => {
  let emulator: ProviderEmulator;
  let otel: OtelHarness;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    otel = new OtelHarness();
  });
  afterAll(async () => {
    await otel.close();
    await emulator.close();
  });

  it('the refused attempt and its run fail with error.type BudgetExceededError, not retryable, and nothing is sent', async () => {
    const limits = [{ name: 'tiny', key: (c: { user: string }) => c.user, window: 'day' as const, limit: 100 }];
    const chat = new ChatBuilder()
      .withModel(responsesAt(emulator, 'r'))
      .withObserver(openTelemetry({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider }))
      .withObserver(budgets({ limits, estimate }))
      .build();
    await expect(chat.complete('hi', { context: { user: 'u1' } })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(emulator.requests('r')).toHaveLength(0);
    const run = otel.spans().find((s) => parentOf(s) === undefined)!;
    const attempts = otel.spans().filter((s) => parentOf(s) === run.spanContext().spanId);
    expect(attempts).toHaveLength(1); // a refusal is not retried
    for (const span of [run, attempts[0]]) {
      expect([span.status.code, span.attributes[ATTR_ERROR_TYPE], span.attributes['chat_ts.error.retryable']]).toEqual([SpanStatusCode.ERROR, 'BudgetExceededError', false]);
    }
    expect(JSON.stringify(otel.spans().map((s) => s.attributes))).not.toContain('u1'); // the caller key is never on a span
  });
});
