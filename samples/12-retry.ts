/**
 * Retries and request hooks. A retry repeats ONE model request, never a tool: here step 3 of a
 * tool loop fails twice (429 with Retry-After, then a reset connection) and the tool of steps 1-2
 * runs only twice in all. Also: a retry callback that chooses the delay, before/after hooks, and a
 * request over the model's context trimmed before the next attempt. Failures are injected with
 * chat-ts's built-in provider emulator; with OPENAI_API_KEY set, a last request goes to the real API
 * with the same policy.
 */
import { ChatBuilder, exponentialBackoff, Messages, trimOldestTurns, type ToolDefinition } from '../lib';
import { OpenAIBuilder } from '../lib/providers/openai';
import { ResponsesBuilder } from '../lib/providers/responses';
import { ProviderEmulator } from '../lib/testing';

async function main(): Promise<void> {
  const emulator = await ProviderEmulator.start();
  console.log(`Failures are injected by chat-ts's built-in provider emulator at ${emulator.url()} (offline).`);
  const provider = new ResponsesBuilder().withModel('emulated-model').withBaseUrl(emulator.url('/v1')).withApiKey('sk-emulator').build();

  const policy = exponentialBackoff({
    maxAttempts: 4,
    initialDelayMs: 50,
    maxDelayMs: 1_000,
    budgetMs: 10_000,
    // the callback sees each failure and may choose the delay: here Retry-After is capped at 100 ms
    onRetry: ({ attempt, error, delayMs }) => {
      console.log(`   attempt ${attempt} failed: ${error.name} (${error.message}); the policy says wait ${Math.round(delayMs)} ms`);
      return Math.min(delayMs, 100);
    },
  });

  let emails = 0;
  const sendEmail: ToolDefinition = {
    name: 'sendEmail',
    description: 'Send an email',
    parameters: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
    metadata: {},
    validate: async (args) => ({ ok: true, value: args }),
    execute: async (args) => `sent to ${(args as { to: string }).to} (email #${++emails})`,
  };

  try {
    // 1. A tool loop whose third model request fails twice.
    emulator.script([
      { toolCalls: [{ name: 'sendEmail', arguments: { to: 'ada@example.com' } }] },
      { toolCalls: [{ name: 'sendEmail', arguments: { to: 'alan@example.com' } }] },
      { error: { status: 429, retryAfter: 2 } },
      { fault: 'reset-before' },
      { text: 'Both emails are sent.' },
    ]);
    const chat = new ChatBuilder()
      .withModel(provider)
      .withTools([sendEmail])
      .withRetry(policy)
      .beforeRequest((request, { step, attempt }) => ({ ...request, headers: { ...request.headers, 'x-request-label': `step-${step}-attempt-${attempt}` } }))
      .afterResponse(({ step, attempt, durationMs, error }) => console.log(`   step ${step}, attempt ${attempt}: ${error ? error.name : 'ok'} in ${durationMs} ms`))
      .build();
    console.log('1. tool loop with a failing third request:');
    const reply = await chat.complete('Email Ada and Alan.');
    console.log(`   "${reply.text}" — the tool ran ${emails} times; the emulator saw ${emulator.requests().length} requests`);
    console.log(`   labels sent by the before hook: ${emulator.requests().map((r) => r.headers['x-request-label']).join(', ')}`);
    if (emails !== 2) throw new Error('a retry must never run a tool again');

    // 2. Over the context: the oldest turns are dropped before the next attempt (the conversation itself is kept).
    emulator.script([{ error: { status: 400, code: 'context_length_exceeded', message: "This model's maximum context length is 50 tokens." } }, { text: 'Trimmed and answered.' }]);
    const long = new Messages([
      { role: 'user', parts: [{ type: 'text', text: 'An old question with a very long attachment...' }] },
      { role: 'assistant', parts: [{ type: 'text', text: 'An old, long answer...' }] },
      { role: 'user', parts: [{ type: 'text', text: 'The question that matters now.' }] },
    ]);
    const trimming = new ChatBuilder().withModel(provider).withRetry(policy, { onContextLength: trimOldestTurns }).build();
    const trimmed = await trimming.complete(long);
    const sent = emulator.requests().at(-1)?.body as { input?: unknown[] };
    console.log(`2. context trimming: "${trimmed.text}" (the retry sent ${sent.input?.length} input item(s); the conversation still has ${long.length} messages)`);

    // 3. The same policy on a real provider.
    if (process.env.OPENAI_API_KEY) {
      const real = new OpenAIBuilder().withModel('gpt-5-mini').withApiKey(process.env.OPENAI_API_KEY).build();
      const answer = await new ChatBuilder().withModel(real).withRetry(policy).build().complete('Say hello in five words.');
      console.log(`3. real API with the same policy: "${answer.text}"`);
    }
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
