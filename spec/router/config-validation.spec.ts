import type { ChatProvider } from '../../lib/core/provider.types';
import { ConfigurationError } from '../../lib/errors';
import { CircuitBreaker, EmbeddingStrategy, KeywordStrategy, RouterBuilder } from '../../lib/router';
import { ScriptedProvider } from '../support/scripted.provider';

const provider = (id: string): ChatProvider => new ScriptedProvider([{ text: id }], { id });

/** Router settings that could never work fail when built, not silently at run time. */
describe('router configuration validation', () => {
  it.each([0, -1, NaN, 2.5])('CircuitBreaker({ failureThreshold: %s }) throws a ConfigurationError', (failureThreshold) => {
    expect(() => new CircuitBreaker({ failureThreshold })).toThrow(ConfigurationError);
    expect(() => new CircuitBreaker({ failureThreshold })).toThrow(/failureThreshold must be a whole number >= 1/);
  });

  it.each([-5, NaN, Infinity])('CircuitBreaker({ recoveryTimeMs: %s }) throws a ConfigurationError', (recoveryTimeMs) => {
    expect(() => new CircuitBreaker({ recoveryTimeMs })).toThrow(/recoveryTimeMs must be a finite number/);
  });

  it('withCircuitBreaker(options) checks them too; sound options pass', async () => {
    expect(() => new RouterBuilder().addProvider(provider('a')).withCircuitBreaker({ failureThreshold: 0 })).toThrow(ConfigurationError);
    expect(await new CircuitBreaker({ failureThreshold: 1, recoveryTimeMs: 0 }).state('a')).toBe('closed');
  });

  it('a keyword rule naming a provider the router lacks fails build(), naming it and the known ones', () => {
    const builder = new RouterBuilder()
      .addProvider(provider('a'), { name: 'claude' })
      .addProvider(provider('b'), { name: 'gemini' })
      .withStrategy(new KeywordStrategy([{ match: ['code'], provider: 'claude' }, { match: ['image'], provider: 'gemnii' }]));
    expect(() => builder.build()).toThrow(ConfigurationError);
    expect(() => builder.build()).toThrow(/"gemnii", which the router does not have \(its providers: "claude", "gemini"\)/);
  });

  it('rules naming known providers build and route', async () => {
    const router = new RouterBuilder()
      .addProvider(provider('a'), { name: 'claude' })
      .addProvider(provider('b'), { name: 'gemini' })
      .withStrategy(new KeywordStrategy([{ match: ['image'], provider: 'gemini' }]))
      .build();
    const reply = await router.complete({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'an image' }] }] });
    expect(reply.parts).toEqual([expect.objectContaining({ type: 'text', text: 'b' })]);
  });

  it('an explicit embedding route naming an unknown provider fails build()', () => {
    const strategy = new EmbeddingStrategy(provider('embedder'), [{ provider: 'writer', description: 'poems' }]);
    expect(() => new RouterBuilder().addProvider(provider('a'), { name: 'coder' }).withStrategy(strategy).build()).toThrow(/"writer"/);
  });
});
