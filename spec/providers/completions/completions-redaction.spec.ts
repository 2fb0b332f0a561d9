import { inspect } from 'node:util';
import { ChatError } from '../../../lib/errors';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { DeepSeekBuilder } from '../../../lib/providers/deepseek';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { FixtureServer, sseBody } from '../../support/fixture-server';
import { ask, failure, streamFailure } from './completions-spec.helpers';

const KEY = 'sk-proj-REDACTME0123456789abcdefXYZ';

function renderings(error: unknown): string[] {
  const e = error as Error;
  const out = [e.message, String(e), inspect(e), inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e), e.stack ?? ''];
  if (e instanceof ChatError) out.push(JSON.stringify(e.toJSON()), e.providerMessage ?? '');
  return out;
}

describe('the API key never appears in errors', () => {
  let emulator: ProviderEmulator;
  let server: FixtureServer;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
    server = await FixtureServer.start();
  });
  afterAll(async () => {
    await emulator.close();
    await server.close();
  });

  const provider = (baseUrl: string) => new ChatCompletionsBuilder().withBaseUrl(baseUrl).withApiKey(KEY).withModel('m').build();

  it('in errors whose bodies echo the key, network errors, stream errors, config and inspect output', async () => {
    emulator.script([
      { error: { status: 401, message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com.` } },
      { error: { status: 400, body: { error: { message: `bad header Authorization: Bearer ${KEY}`, type: 'invalid_request_error' } } } },
      { error: { status: 500, body: `<html><title>proxy error for key=${KEY}</title></html>` } },
    ]);
    server.enqueue({
      headers: { 'content-type': 'text/event-stream' },
      body: sseBody([`{"error":{"message":"key ${KEY} revoked","type":"invalid_request_error","code":"invalid_api_key"}}`], { done: false }),
    });
    const errors: unknown[] = [];
    const p = provider(emulator.url('/v1'));
    for (let i = 0; i < 3; i++) errors.push(await failure(p.complete(ask('x'))));
    errors.push(await streamFailure(provider(server.url('/v1')).stream(ask('x'))));
    errors.push(await failure(provider('http://127.0.0.1:1/v1').complete(ask('x'))));
    errors.push(await failure(provider(`http://127.0.0.1:1/v1?key=${KEY}`).complete(ask('x'))));
    const saved = process.env.DEEPSEEK_API_KEY;
    delete process.env.DEEPSEEK_API_KEY;
    try {
      errors.push(await failure(Promise.resolve().then(() => new DeepSeekBuilder().withModel('x').build())));
    } finally {
      if (saved !== undefined) process.env.DEEPSEEK_API_KEY = saved;
    }
    expect(errors).toHaveLength(7);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ChatError);
      for (const text of renderings(error)) expect(text).not.toContain(KEY);
    }
    expect((errors[0] as ChatError).providerMessage).toContain('[REDACTED]');
    for (const shown of [inspect(p), JSON.stringify(p), inspect(new ChatCompletionsBuilder().withApiKey(KEY)), JSON.stringify(new ChatCompletionsBuilder().withApiKey(KEY))]) {
      expect(shown).not.toContain(KEY);
    }
  });
});
