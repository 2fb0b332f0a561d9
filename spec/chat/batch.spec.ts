import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder, type BatchProgress } from '../../lib';
import type { JsonValue } from '../../lib/core/json.types';
import { AbortedError, BatchItemError, RateLimitError, UnsupportedFeatureError } from '../../lib/errors';
import { ClaudeBuilder } from '../../lib/providers/claude';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { ChatCompletionsBuilder } from '../../lib/providers/completions';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { ProviderEmulator } from '../../lib/testing';
import { ScriptedProvider } from '../support/scripted.provider';
import { weatherSpec } from '../support/test-tools';

describe('chat.batch() on Claude Message Batches (emulated)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  const claude = () => new ClaudeBuilder().withBaseUrl(emulator.url()).withApiKey('k').withModel('claude-haiku-4-5').build();

  it('submits every conversation at once, polls until the batch ends, and maps results back in request order with typed per-item errors', async () => {
    const chat = new ChatBuilder().withModel(claude()).withSystemPrompt('Be brief.').build();
    const run = chat.batch(['Hello', '!error rate_limit_error slow down', 'World'], { pollIntervalMs: 5 });
    const progress = lastValueFrom(run.progress$.pipe(toArray()));
    const results = await run.results;
    expect(results.map((r) => (r.ok ? r.response.text : r.error.constructor.name))).toEqual(['Emulated reply to: Hello', 'RateLimitError', 'Emulated reply to: World']);
    expect(results[1].ok === false && results[1].error).toBeInstanceOf(RateLimitError);
    expect(results[0].ok && results[0].response).toMatchObject({ status: 'completed', finishReason: { unified: 'stop', raw: 'end_turn' }, metadata: { model: 'claude-haiku-4-5' } });
    const seen = (await progress) as BatchProgress[];
    expect(seen.map((p) => p.status)).toEqual(['in_progress', 'in_progress', 'ended']);
    expect(seen.at(-1)).toMatchObject({ total: 3, counts: { processing: 0, succeeded: 2, errored: 1, canceled: 0 } });
    const paths = emulator.requests().map((r) => `${r.method} ${r.path.replace(/msgbatch_\w+/, '<id>')}`);
    expect(paths).toEqual(['POST /v1/messages/batches', 'GET /v1/messages/batches/<id>', 'GET /v1/messages/batches/<id>', 'GET /v1/messages/batches/<id>/results']);
    const created = emulator.requests()[0].body as { requests: Array<{ custom_id: string; params: Record<string, JsonValue> }> };
    expect(created.requests.map((r) => r.custom_id)).toEqual(['request-0', 'request-1', 'request-2']);
    expect(created.requests[0].params).toMatchObject({ model: 'claude-haiku-4-5', system: 'Be brief.', messages: [{ role: 'user' }] });
    expect(created.requests[0].params).not.toHaveProperty('stream');
  });

  it('cancel(): the batch goes canceling, then ends, and requests that did not run are BatchItemError canceled', async () => {
    const run = new ChatBuilder().withModel(claude()).build().batch(['a', 'b'], { pollIntervalMs: 5 });
    const progress = lastValueFrom(run.progress$.pipe(toArray()));
    await run.cancel();
    const results = await run.results;
    for (const r of results) {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toBeInstanceOf(BatchItemError);
      expect(!r.ok && (r.error as BatchItemError).code).toBe('canceled');
    }
    expect(results.map((r) => !r.ok && (r.error as BatchItemError).customId)).toEqual(['request-0', 'request-1']);
    expect((await progress).map((p) => p.status)).toEqual(['in_progress', 'canceling', 'ended']);
    expect(emulator.requests().some((r) => r.path.endsWith('/cancel'))).toBe(true);
  });

  it('an aborted signal stops polling with AbortedError', async () => {
    const controller = new AbortController();
    const run = new ChatBuilder().withModel(claude()).build().batch(['a'], { pollIntervalMs: 60_000, signal: controller.signal });
    expect((await firstValueFrom(run.progress$)).status).toBe('in_progress');
    controller.abort();
    await expect(run.results).rejects.toThrow(AbortedError);
  });

  it('refuses providers without a batch API, structured output and empty batches', () => {
    expect(() => new ChatBuilder().withModel(new ScriptedProvider([])).build().batch(['x'])).toThrow(UnsupportedFeatureError);
    expect(() => new ChatBuilder().withModel(claude()).withStructuredOutput(weatherSpec).build().batch(['x'])).toThrow(/structured output/);
    expect(() => new ChatBuilder().withModel(claude()).build().batch([])).toThrow(/at least one/);
  });
});

describe('chat.batch() on Gemini batch mode (emulated)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  const gemini = () => new GeminiBuilder().withBaseUrl(emulator.url('/v1beta')).withApiKey('k').withModel('gemini-2.5-flash').build();

  it('submits inlined requests with :batchGenerateContent, polls batches/<id>, and maps inlined responses back by key, errors typed', async () => {
    const run = new ChatBuilder().withModel(gemini()).withSystemPrompt('Be brief.').build().batch(['Hello', '!error RESOURCE_EXHAUSTED quota', 'World'], { pollIntervalMs: 5 });
    const progress = lastValueFrom(run.progress$.pipe(toArray()));
    const results = await run.results;
    expect(results.map((r) => (r.ok ? r.response.text : r.error.constructor.name))).toEqual(['Emulated reply to: Hello', 'RateLimitError', 'Emulated reply to: World']);
    const seen = await progress;
    expect(seen.map((p) => p.status)).toEqual(['in_progress', 'in_progress', 'ended']);
    expect(seen.at(-1)).toMatchObject({ total: 3, counts: { succeeded: 2, errored: 1, processing: 0 } });
    const create = emulator.requests()[0];
    expect(create.path).toBe('/v1beta/models/gemini-2.5-flash:batchGenerateContent');
    const inlined = (create.body as { batch: { inputConfig: { requests: { requests: Array<{ metadata: { key: string }; request: { model: string; systemInstruction: unknown } }> } } } }).batch.inputConfig.requests.requests;
    expect(inlined.map((r) => r.metadata.key)).toEqual(['request-0', 'request-1', 'request-2']);
    expect(inlined[0].request.model).toBe('models/gemini-2.5-flash');
    expect(JSON.stringify(inlined[0].request.systemInstruction)).toContain('Be brief.');
    expect(emulator.requests().slice(1).map((r) => `${r.method} ${r.path.replace(/batches\/\w+/, 'batches/<id>')}`)).toEqual([
      'GET /v1beta/batches/<id>',
      'GET /v1beta/batches/<id>',
      'GET /v1beta/batches/<id>',
    ]);
  });

  it('cancel(): the batch ends cancelled and every request is BatchItemError canceled', async () => {
    const run = new ChatBuilder().withModel(gemini()).build().batch(['a', 'b'], { pollIntervalMs: 5 });
    await run.cancel();
    const results = await run.results;
    expect(results.map((r) => !r.ok && r.error instanceof BatchItemError && r.error.code)).toEqual(['canceled', 'canceled']);
    expect(emulator.requests().some((r) => r.path.endsWith(':cancel'))).toBe(true);
  });
});

describe('chat.batch() on the OpenAI Batch API (JSONL file flow, emulated)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());
  const openai = () => new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withApiKey('k').withModel('gpt-4o-mini').build();

  it('uploads the requests as a JSONL file, creates the batch, polls it, and reads the output and error files back in request order', async () => {
    const run = new ChatBuilder().withModel(openai()).withSystemPrompt('Be brief.').build().batch(['Hello', '!error rate_limit_exceeded', 'World'], { pollIntervalMs: 5 });
    const progress = lastValueFrom(run.progress$.pipe(toArray()));
    const results = await run.results;
    expect(results.map((r) => (r.ok ? r.response.text : r.error.constructor.name))).toEqual(['Emulated reply to: Hello', 'RateLimitError', 'Emulated reply to: World']);
    expect((await progress).at(-1)).toMatchObject({ status: 'ended', total: 3, counts: { succeeded: 2, errored: 1, processing: 0 } });
    const calls = emulator.requests().map((r) => `${r.method} ${r.path.replace(/(batch|file)[-_]\w+/g, '<id>')}`);
    expect(calls).toEqual([
      'POST /v1/files',
      'POST /v1/batches',
      'GET /v1/batches/<id>',
      'GET /v1/batches/<id>',
      'GET /v1/batches/<id>',
      'GET /v1/files/<id>/content',
      'GET /v1/files/<id>/content',
    ]);
    const upload = emulator.requests()[0];
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const jsonl = String(upload.body).split('\r\n\r\n')[2].split('\r\n--')[0];
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; method: string; url: string; body: { model: string; messages: unknown[] } });
    expect(lines.map((l) => [l.custom_id, l.method, l.url, l.body.model])).toEqual([
      ['request-0', 'POST', '/v1/chat/completions', 'gpt-4o-mini'],
      ['request-1', 'POST', '/v1/chat/completions', 'gpt-4o-mini'],
      ['request-2', 'POST', '/v1/chat/completions', 'gpt-4o-mini'],
    ]);
    expect(lines[0].body.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(emulator.requests()[1].body).toMatchObject({ endpoint: '/v1/chat/completions', completion_window: '24h' });
  });

  it('cancel(): cancelled before it ran, every request is BatchItemError canceled', async () => {
    const run = new ChatBuilder().withModel(openai()).build().batch(['a', 'b'], { pollIntervalMs: 5 });
    await run.cancel();
    const results = await run.results;
    expect(results.map((r) => !r.ok && r.error instanceof BatchItemError && r.error.code)).toEqual(['canceled', 'canceled']);
  });
});

describe('chat.batch() on the OpenAI Batch API for the Responses API (JSONL file flow, emulated)', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  it('every line targets /v1/responses with a whole, unstreamed Responses body; the batch is created for that endpoint; Response objects map back', async () => {
    const openai = new OpenAIBuilder().withCustomUrl(emulator.url('/v1')).withApiKey('k').withModel('gpt-5-mini').build();
    const run = new ChatBuilder().withModel(openai).withSystemPrompt('Be brief.').build().batch(['Hello', 'World'], { pollIntervalMs: 5 });
    const results = await run.results;
    expect(results.map((r) => r.ok && r.response.text)).toEqual(['Emulated reply to: Hello', 'Emulated reply to: World']);
    expect(results[0].ok && results[0].response.metadata).toMatchObject({ model: 'gpt-5-mini' });
    const jsonl = String(emulator.requests()[0].body).split('\r\n\r\n')[2].split('\r\n--')[0];
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; url: string; body: Record<string, JsonValue> });
    expect(lines.map((l) => [l.custom_id, l.url, l.body.model])).toEqual([
      ['request-0', '/v1/responses', 'gpt-5-mini'],
      ['request-1', '/v1/responses', 'gpt-5-mini'],
    ]);
    expect(lines[0].body).toMatchObject({ instructions: 'Be brief.', input: [{ role: 'user' }] });
    expect(lines[0].body.stream).not.toBe(true);
    expect(emulator.requests()[1].body).toMatchObject({ endpoint: '/v1/responses', completion_window: '24h' });
  });

  it('the emulated Batch API refuses a file whose lines target another endpoint than the batch', async () => {
    const upload = new FormData();
    upload.set('purpose', 'batch');
    upload.set('file', new Blob([`${JSON.stringify({ custom_id: 'x', method: 'POST', url: '/v1/chat/completions', body: { model: 'm', messages: [] } })}\n`]), 'batch.jsonl');
    const file = (await (await fetch(emulator.url('/v1/files'), { method: 'POST', body: upload })).json()) as { id: string };
    const res = await fetch(emulator.url('/v1/batches'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('line x targets /v1/chat/completions, but the batch endpoint is /v1/responses');
  });
});
