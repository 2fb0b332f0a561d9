import type { ProviderRequest, ToolSpec } from '../../../lib/core/provider.types';
import { planGeneration, toFunctions } from '../../../lib/providers/llama-cpp/llama-cpp-request.mapper';
import { userSays } from './tiny-model.fixture';

const weather: ToolSpec = { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const clock: ToolSpec = { name: 'get_time', description: 'Time', parameters: { type: 'object', properties: {} } };
const base: ProviderRequest = { messages: userSays('Hi') };

describe('planGeneration (provider request → node-llama-cpp options)', () => {
  it('maps sampling options, with the model defaults for seed and the token cap', () => {
    const plan = planGeneration(
      { ...base, options: { temperature: 0.5, topP: 0.9, topK: 20, stop: ['END'], reasoning: { budgetTokens: 64 } } },
      { seed: 9, maxTokens: 1024 },
    );
    expect(plan.sampling).toEqual({
      maxTokens: 1024,
      temperature: 0.5,
      topP: 0.9,
      topK: 20,
      seed: 9,
      customStopTriggers: ['END'],
      budgets: { thoughtTokens: 64 },
    });
    expect(planGeneration({ ...base, options: { maxTokens: 5, seed: 1 } }, { seed: 9, maxTokens: 1024 }).sampling).toMatchObject({ maxTokens: 5, seed: 1 });
  });

  it('offers tools as functions with no handler; toolChoice none/required/named', () => {
    const auto = planGeneration({ ...base, tools: [weather, clock] }, { maxTokens: 10 });
    expect(auto.functions).toEqual({
      get_weather: { description: 'Weather', params: { type: 'object', properties: { city: { type: 'string' } } } },
      get_time: { description: 'Time', params: { type: 'object', properties: {} } },
    });
    expect(Object.values(auto.functions ?? {}).every((f) => !('handler' in f))).toBe(true);
    expect(auto.forceCall).toBe(false);
    expect(planGeneration({ ...base, tools: [weather], toolChoice: 'none' }, { maxTokens: 10 }).functions).toBeUndefined();
    expect(planGeneration({ ...base, tools: [weather], toolChoice: 'required' }, { maxTokens: 10 }).forceCall).toBe(true);
    const named = planGeneration({ ...base, tools: [weather, clock], toolChoice: { name: 'get_time' } }, { maxTokens: 10 });
    expect(Object.keys(named.functions ?? {})).toEqual(['get_time']);
    expect(named.forceCall).toBe(true);
    const unknown = planGeneration({ ...base, tools: [weather], toolChoice: { name: 'nope' } }, { maxTokens: 10 });
    expect(unknown.functions).toBeUndefined();
    expect(unknown.warnings).toEqual([expect.stringContaining('"nope"')]);
  });

  it('passes known provider options through and warns about the rest and about native tools', () => {
    const plan = planGeneration(
      { ...base, providerOptions: { minP: 0.1, repeatPenalty: false, grammar: 'x' }, nativeTools: [{ kind: 'web-search' }] },
      { maxTokens: 10 },
    );
    expect(plan.sampling).toMatchObject({ minP: 0.1, repeatPenalty: false });
    expect(plan.sampling).not.toHaveProperty('grammar');
    expect(plan.warnings).toEqual(['llama-cpp has no native tools; they were ignored', 'llama-cpp ignores providerOptions.grammar']);
  });

  it('turns the response format into a grammar schema', () => {
    const plan = planGeneration({ ...base, responseFormat: { name: 'X', schema: { type: 'object', properties: { a: { type: 'boolean' } } } } }, { maxTokens: 10 });
    expect(plan.grammarSchema).toEqual({ type: 'object', properties: { a: { type: 'boolean' } } });
  });

  it('toFunctions adapts parameter schemas', () => {
    const fns = toFunctions([{ name: 'f', description: 'd', parameters: { type: 'object', properties: { x: { anyOf: [{ type: 'string' }, { type: 'null' }] } } } }]);
    expect(fns.f.params).toEqual({ type: 'object', properties: { x: { oneOf: [{ type: 'string' }, { type: 'null' }] } } });
  });
});
