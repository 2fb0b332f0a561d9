import { ChatCompletionsBuilder } from '../../../lib/providers/completions';

/** Compiled by `tsc` in `npm test`: each `@ts-expect-error` line must fail to type-check. */
function typeStateChecks(): void {
  // @ts-expect-error build() needs a model and a base URL
  new ChatCompletionsBuilder().build();
  // @ts-expect-error build() needs a base URL
  new ChatCompletionsBuilder().withModel('m').build();
  // @ts-expect-error build() needs a model
  new ChatCompletionsBuilder().withBaseUrl('http://x').withApiKey('k').build();
  new ChatCompletionsBuilder().withBaseUrl('http://x').withHeaders({}).withModel('m').withStrictSchemas().build();
}

describe('ChatCompletionsBuilder type-state', () => {
  it('builds once a model and a base URL are set, in any order', () => {
    expect(typeof typeStateChecks).toBe('function');
    const provider = new ChatCompletionsBuilder().withModel('m').withApiKey('sk-test-abcdef').withBaseUrl('http://127.0.0.1:1/v1').build();
    expect(provider.model).toBe('m');
    expect(provider.id).toBe('completions');
  });
});
