/**
 * Child process of the token-counting spec: makes `js-tiktoken` unresolvable (as in an app that did
 * not install the optional peer) BEFORE chat-ts loads, then counts tokens through the public API and
 * prints what it saw: the counts, the context-window error, and which module ids were asked for.
 */
import Module = require('node:module');
import { childMain } from './ts-child';

const asked: string[] = [];
const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]): string {
  if (request === 'js-tiktoken' || request.startsWith('js-tiktoken/')) {
    asked.push(request);
    throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
  }
  return original.call(this, request, ...rest);
};

interface Input {
  readonly text: string;
  readonly system: string;
}

childMain(async ({ text, system }: Input) => {
  const { ChatBuilder, Messages, withContextWindowCheck } = await import('../../lib');
  const { ChatCompletionsBuilder } = await import('../../lib/providers/completions');
  const { OpenAIBuilder } = await import('../../lib/providers/openai');
  const askedAtImport = [...asked];
  // nothing listens here: counting must not send a request
  const completions = new ChatCompletionsBuilder().withBaseUrl('http://127.0.0.1:9/v1').withApiKey('k').withModel('gpt-4o').build();
  const plain = await new ChatBuilder().withModel(completions).build().countTokens(Messages.fromUser(text));
  const withSystem = await new ChatBuilder().withModel(completions).withSystemPrompt(system).build().countTokens(Messages.fromUser(text));
  const responses = await new ChatBuilder().withModel(new OpenAIBuilder().withCustomUrl('http://127.0.0.1:9/v1').withApiKey('k').withModel('gpt-5-mini').build()).build().countTokens(text);
  const guarded = new ChatBuilder().withModel(withContextWindowCheck(completions, { contextWindow: 5 })).withRetry(false).build();
  const refused = await guarded.complete(text).then(
    () => undefined,
    (e: Error & { details?: unknown }) => ({ name: e.name, message: e.message, details: e.details }),
  );
  const loaded = Object.keys(require.cache).filter((id) => id.includes(`${require('node:path').sep}js-tiktoken${require('node:path').sep}`));
  return { askedAtImport, asked: [...new Set(asked)], plain, withSystem, responses, refused, loaded };
});
