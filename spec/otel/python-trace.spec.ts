import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ChatBuilder } from '../../lib/chat';
import { openTelemetry } from '../../lib/otel';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { loadPythonTools } from '../../lib/python/load-python-tools';
import type { PythonToolSet } from '../../lib/python/python-tool.set';
import { ProviderEmulator } from '../../lib/testing';
import { OtelHarness, parentOf } from '../support/otel-harness';

const traceparentOf = (span: ReadableSpan): string => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

describe('trace context into the Python tool host', () => {
  jest.setTimeout(60_000);
  let emulator: ProviderEmulator;
  let tools: PythonToolSet;
  let service: Server;
  let serviceUrl: string;
  /** The traceparent header of each request the Python tools sent to the service. */
  const received: Array<string | undefined> = [];

  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    tools = await loadPythonTools(join(__dirname, 'fixtures', 'python-trace'), { logger: () => undefined, timeoutMs: 20_000 });
    service = createServer((request, response) => {
      received.push(request.headers.traceparent as string | undefined);
      response.end('ok');
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}/orders`;
  });
  afterAll(async () => {
    await tools?.dispose();
    await new Promise((resolve) => service?.close(resolve));
    await emulator?.close();
  });

  it("each Python tool call carries its execute_tool span's traceparent: the tool's own HTTP calls join the trace, sync and async tools alike", async () => {
    const otel = new OtelHarness();
    try {
      emulator.script([
        {
          toolCalls: [
            { id: 'p1', name: 'call_service', arguments: { url: serviceUrl } },
            { id: 'p2', name: 'call_service', arguments: { url: serviceUrl } },
            { id: 'p3', name: 'trace_async', arguments: {} },
          ],
        },
        { text: 'Done.' },
      ]);
      const provider = new OpenAIBuilder().withModel('emulated-gpt').withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulator').build();
      const chat = new ChatBuilder()
        .withModel(provider)
        .withTools(tools.tools)
        .withObserver(openTelemetry({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider }))
        .build();
      expect((await chat.complete('Check the orders')).text).toBe('Done.');

      const run = otel.spans().find((s) => parentOf(s) === undefined)!;
      const services = otel.named('execute_tool call_service');
      const [asyncTool] = otel.named('execute_tool trace_async');
      expect(services).toHaveLength(2);
      expect([...services, asyncTool].every((s) => parentOf(s) === run.spanContext().spanId && s.spanContext().traceId === run.spanContext().traceId)).toBe(true);
      // concurrent calls in the host's thread pool each send their own span, never another call's
      expect([...received].sort()).toEqual(services.map(traceparentOf).sort());

      // the tool results the model got back (Responses wire: function_call_output items)
      const input = (emulator.requests()[1].body as { input: Array<{ type: string; call_id?: string; output?: string }> }).input;
      const results = Object.fromEntries(input.filter((i) => i.type === 'function_call_output').map((i) => [i.call_id, JSON.parse(i.output ?? 'null') as unknown]));
      expect(results.p3).toEqual({ traceparent: traceparentOf(asyncTool) });
      const p1 = services.find((s) => s.attributes['gen_ai.tool.call.id'] === 'p1')!;
      expect(results.p1).toEqual({ traceparent: traceparentOf(p1) });
    } finally {
      await otel.close();
    }
  });

  it('a call made outside any span carries no trace context: trace_context() is empty and no header is sent', async () => {
    received.length = 0;
    openTelemetry(); // tracing is in use, but no span is active here
    const context = { context: undefined, signal: new AbortController().signal, messages: [], callId: 'direct' };
    const callService = tools.tools.find((t) => t.name === 'call_service')!;
    await expect(callService.execute({ url: serviceUrl }, context)).resolves.toEqual({});
    expect(received).toEqual([undefined]);
  });
});
