import { lastValueFrom, toArray } from 'rxjs';
import type { JsonObject } from '../../../lib/core/json.types';
import type { ProviderRequest } from '../../../lib/core/provider.types';
import { InvalidRequestError } from '../../../lib/errors';
import { ChatCompletionsBuilder, CompletionsPresetBuilder, type CompletionsPreset } from '../../../lib/providers/completions';
import type { ChatCompletionsProvider } from '../../../lib/providers/completions';
import { MISTRAL_PRESET } from '../../../lib/providers/mistral';
import { ResponsesBuilder } from '../../../lib/providers/responses';
import { applyQuirks } from '../../../lib/providers/shared/body.quirks';
import { ProviderEmulator } from '../../../lib/testing/emulator';

const ask: ProviderRequest = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }], options: { seed: 7, maxTokens: 20 } };

/** A preset declared as data only, with a thin builder: what a new server of the family takes. */
const QUIRKY: CompletionsPreset = {
  id: 'quirky',
  builder: 'QuirkyBuilder',
  baseUrl: 'https://quirky.invalid/v1',
  apiKeyEnv: 'QUIRKY_API_KEY',
  defaults: { maxCompletionTokens: true },
  quirks: [{ rename: 'seed', to: 'random_seed' }, { drop: 'stream_options' }],
};

class QuirkyBuilder extends CompletionsPresetBuilder {
  protected readonly preset = QUIRKY;
  withModel(model: string): this {
    this.settings.model = model;
    return this;
  }
  build(): ChatCompletionsProvider<false> {
    return this.buildProvider<false>();
  }
}

describe('body quirks', () => {
  it('drop, rename and restrict fields (nested paths too) without touching the input', () => {
    const body = { model: 'm', seed: 3, stream_options: { include_usage: true }, reasoning: { effort: 'minimal', summary: 'auto' } };
    const out = applyQuirks(
      body,
      [
        { drop: 'stream_options' },
        { rename: 'seed', to: 'random_seed' },
        { restrict: 'reasoning.effort', allowed: ['low', 'high'], map: { minimal: 'low' } },
        { drop: 'absent.field' },
      ],
      'p',
    );
    expect(out).toEqual({ model: 'm', random_seed: 3, reasoning: { effort: 'low', summary: 'auto' } });
    expect(body).toEqual({ model: 'm', seed: 3, stream_options: { include_usage: true }, reasoning: { effort: 'minimal', summary: 'auto' } });
  });

  it('a restricted field with another value is dropped, or fails with a typed error naming the provider', () => {
    expect(applyQuirks({ effort: 'medium' }, [{ restrict: 'effort', allowed: ['low'] }], 'p')).toEqual({});
    expect(() => applyQuirks({ effort: 'medium' }, [{ restrict: 'effort', allowed: ['low', 'high'], otherwise: 'error' }], 'mistral')).toThrow(InvalidRequestError);
    expect(() => applyQuirks({ effort: 'medium' }, [{ restrict: 'effort', allowed: ['low'], otherwise: 'error' }], 'mistral')).toThrow(/mistral does not accept effort = "medium"/);
  });

  describe('on the wire (emulator)', () => {
    let emulator: ProviderEmulator;
    beforeAll(async () => (emulator = await ProviderEmulator.start()));
    afterAll(() => emulator.close());
    beforeEach(() => emulator.reset());
    const sent = (index: number): JsonObject => emulator.requests()[index].body as JsonObject;

    it('a preset that is only data applies its defaults and quirks to whole and streamed requests', async () => {
      const provider = new QuirkyBuilder().withBaseUrl(emulator.url('/v1')).withApiKey('sk-quirky-0123456789').withModel('q').build();
      expect(provider.id).toBe('quirky');
      await provider.complete(ask);
      await lastValueFrom(provider.stream(ask).pipe(toArray()));
      for (const index of [0, 1]) {
        expect(sent(index)).toMatchObject({ random_seed: 7, max_completion_tokens: 20 });
        expect(sent(index)).not.toHaveProperty('seed');
        expect(sent(index)).not.toHaveProperty('stream_options');
      }
      expect(sent(1).stream).toBe(true);
    });

    it('users add quirks through withConfig(); the Responses family takes them too', async () => {
      const completions = new ChatCompletionsBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').withConfig({ quirks: [{ drop: 'max_tokens' }] }).build();
      await completions.complete(ask);
      expect(sent(0)).not.toHaveProperty('max_tokens');
      expect(sent(0)).toMatchObject({ seed: 7 });
      const responses = new ResponsesBuilder().withBaseUrl(emulator.url('/v1')).withModel('m').withQuirks([{ rename: 'max_output_tokens', to: 'max_tokens' }]).build();
      await responses.complete(ask);
      expect(sent(1)).toMatchObject({ max_tokens: 20 });
      expect(sent(1)).not.toHaveProperty('max_output_tokens');
    });

    it('Mistral keeps its current wire (no quirks yet): the preset is where they go', () => {
      expect(MISTRAL_PRESET).toMatchObject({ id: 'mistral', baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY', quirks: [] });
    });
  });
});
