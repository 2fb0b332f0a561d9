import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI, { toFile } from 'openai';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';

/** The emulator's batch endpoints as the official SDKs see them. */
describe('official SDKs run batches against the emulator', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));

  it('@anthropic-ai/sdk messages.batches: create, retrieve until ended, results by custom_id', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-emulated', baseURL: emulator.url(), maxRetries: 0 });
    const params = (text: string) => ({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: text }] });
    const batch = await client.messages.batches.create({ requests: [{ custom_id: 'one', params: params('Hi') }, { custom_id: 'two', params: params('!error overloaded_error') }] });
    expect(batch.processing_status).toBe('in_progress');
    let current = batch;
    while (current.processing_status !== 'ended') current = await client.messages.batches.retrieve(batch.id);
    expect(current.request_counts).toMatchObject({ succeeded: 1, errored: 1 });
    const results: Record<string, string> = {};
    for await (const entry of await client.messages.batches.results(batch.id)) {
      results[entry.custom_id] = entry.result.type === 'succeeded' ? (entry.result.message.content[0] as { text: string }).text : entry.result.type;
    }
    expect(results).toEqual({ one: 'Emulated reply to: Hi', two: 'errored' });
  });

  it('@google/genai batches: create with inlined requests, get until succeeded, inlined responses', async () => {
    const ai = new GoogleGenAI({ apiKey: 'emulated-key', httpOptions: { baseUrl: emulator.url(), fetch: (input, init) => fetch(input, init), retryOptions: { attempts: 1 } } });
    const job = await ai.batches.create({ model: 'gemini-2.5-flash', src: [{ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], metadata: { key: 'k1' } }] });
    expect(job.name).toMatch(/^batches\//);
    let current = job;
    while (current.state !== 'JOB_STATE_SUCCEEDED') current = await ai.batches.get({ name: job.name! });
    const responses = current.dest?.inlinedResponses ?? [];
    expect(responses).toHaveLength(1);
    expect(responses[0].response?.candidates?.[0]?.content?.parts?.[0]?.text).toBe('Emulated reply to: Hi');
    expect(responses[0].metadata).toEqual({ key: 'k1' });
  });

  it('openai files.create + batches.create/retrieve + files.content: the JSONL file flow', async () => {
    const client = new OpenAI({ apiKey: 'sk-emulated', baseURL: emulator.url('/v1'), maxRetries: 0 });
    const line = (id: string, text: string) => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] } });
    const file = await client.files.create({ file: await toFile(Buffer.from(`${line('a', 'Hi')}\n${line('b', '!error server_error')}\n`), 'batch.jsonl'), purpose: 'batch' });
    let batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    while (batch.status !== 'completed') batch = await client.batches.retrieve(batch.id);
    expect(batch.request_counts).toMatchObject({ total: 2, completed: 1, failed: 1 });
    const output = (await (await client.files.content(batch.output_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(output).toEqual([expect.objectContaining({ custom_id: 'a', response: expect.objectContaining({ status_code: 200 }) })]);
    expect(output[0].response.body.choices[0].message.content).toBe('Emulated reply to: Hi');
    const errors = (await (await client.files.content(batch.error_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(errors[0]).toMatchObject({ custom_id: 'b', response: { status_code: 500 } });
  });

  it('openai batches for /v1/responses: each output line holds a Response object', async () => {
    const client = new OpenAI({ apiKey: 'sk-emulated', baseURL: emulator.url('/v1'), maxRetries: 0 });
    const line = JSON.stringify({ custom_id: 'r', method: 'POST', url: '/v1/responses', body: { model: 'gpt-5-mini', input: 'Hi' } });
    const file = await client.files.create({ file: await toFile(Buffer.from(`${line}\n`), 'batch.jsonl'), purpose: 'batch' });
    let batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' });
    expect(batch.endpoint).toBe('/v1/responses');
    while (batch.status !== 'completed') batch = await client.batches.retrieve(batch.id);
    const [output] = (await (await client.files.content(batch.output_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(output).toMatchObject({ custom_id: 'r', response: { status_code: 200, body: { object: 'response', status: 'completed', model: 'gpt-5-mini' } } });
    expect(output.response.body.output.at(-1).content[0].text).toBe('Emulated reply to: Hi');
  });
});
