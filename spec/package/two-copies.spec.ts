import { createConsumerApp, packedTarball, type ConsumerApp } from '../support/packed-package';

/**
 * Two installed copies of the packed tarball in one app (`chat-ts`, and the same tarball under the
 * name `chat-ts-copy`, as a second version pulled in by a library would be): errors thrown by copy A
 * are recognised by copy B's guards, and copy B's router and retry treat them by their class.
 */
const SCRIPT = `require('reflect-metadata');
const a = require('chat-ts');
const b = require('chat-ts-copy');
const { ResponsesBuilder } = require('chat-ts/responses');
const { ProviderEmulator } = require('chat-ts/testing');
const { RouterBuilder } = require('chat-ts-copy/router');

async function main() {
  const limit = new a.RateLimitError('slow down', { provider: 'x', status: 429, retryAfterSeconds: 1 });
  const guards = {
    distinctCopies: a.ChatError !== b.ChatError && require.resolve('chat-ts') !== require.resolve('chat-ts-copy'),
    instanceOf: limit instanceof b.RateLimitError,
    isChatError: b.isChatError(limit),
    rateLimitIs: b.RateLimitError.is(limit),
    chatErrorIs: b.ChatError.is(limit),
    networkIs: b.NetworkError.is(limit),
    plainError: b.isChatError(new Error('x')),
  };

  const emulator = await ProviderEmulator.start();
  try {
    emulator.script([{ error: { status: 429 } }], 'a').script([{ text: 'from b' }], 'b');
    const at = (s) => new ResponsesBuilder().withModel('model-' + s).withBaseUrl(emulator.url('/v1', s)).withApiKey('sk-emulator').build();
    const thrown = await at('a').complete({ messages: a.Messages.fromUser('hi').toArray() }).catch((e) => e);
    // Copy B's retry runner retries a rate limit thrown by copy A's provider.
    emulator.script([{ error: { status: 429 } }, { text: 'retried' }], 'c');
    const retried = await new b.ChatBuilder().withModel(at('c')).withRetry(b.fixedDelay(0, 3)).build().complete(b.Messages.fromUser('hi'));
    const retryable = retried.text === 'retried' && emulator.requests('c').length === 2;
    emulator.script([{ error: { status: 429 } }], 'a');
    const router = new RouterBuilder().addProvider(at('a'), { name: 'a' }).addProvider(at('b'), { name: 'b' }).build();
    const reply = await new b.ChatBuilder().withModel(router).build().complete(b.Messages.fromUser('hi'));
    console.log(JSON.stringify({ ...guards, retryable, providerError: thrown.name, providerErrorIsB: b.RateLimitError.is(thrown), routed: reply.text }));
  } finally {
    await emulator.close();
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

describe('two installed copies of chat-ts', () => {
  let app: ConsumerApp;

  beforeAll(() => {
    app = createConsumerApp({
      name: 'two-copies',
      dependencies: { 'chat-ts-copy': `file:${packedTarball()}`, 'reflect-metadata': '^0.2.2' },
      files: { 'main.cjs': SCRIPT },
      installFlags: ['--ignore-scripts'],
    });
  }, 300_000);

  afterAll(() => app?.remove());

  it("copy B's guards, retry and router recognise copy A's errors, where instanceof does not", () => {
    const out = JSON.parse(app.run('node', ['main.cjs']).trim().split('\n').pop() as string) as Record<string, unknown>;
    expect(out).toEqual({
      distinctCopies: true,
      instanceOf: false,
      isChatError: true,
      rateLimitIs: true,
      chatErrorIs: true,
      networkIs: false,
      plainError: false,
      retryable: true,
      providerError: 'RateLimitError',
      providerErrorIsB: true,
      routed: 'from b',
    });
  });
});
