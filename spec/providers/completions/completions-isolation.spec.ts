import { ProviderEmulator } from '../../../lib/testing/emulator';
import { ChatCompletionsBuilder } from '../../../lib/providers/completions';
import { ask, collect, emulatedProvider } from './completions-spec.helpers';

describe('per-session isolation: two clients share one emulator', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());

  it('keeps scripts and request logs apart, by URL prefix and by header, under concurrency', async () => {
    emulator.script([{ text: 'alpha one', chunkDelayMs: 5 }, { text: 'alpha two' }], 'alpha');
    emulator.script([{ text: 'beta one', chunkDelayMs: 5 }, { text: 'beta two' }], 'beta');
    const alpha = emulatedProvider(emulator, 'alpha');
    const beta = new ChatCompletionsBuilder()
      .withBaseUrl(emulator.url('/v1'))
      .withHeaders({ 'x-emulator-session': 'beta' })
      .withModel('beta-model')
      .build();
    const [a1, b1, a2, b2] = await Promise.all([
      collect(alpha.stream(ask('from alpha 1'))),
      collect(beta.stream(ask('from beta 1'))),
      alpha.complete(ask('from alpha 2')),
      beta.complete(ask('from beta 2')),
    ]);
    const texts = [a1, b1].map((events) => events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join(''));
    const wholeTexts = [a2, b2].map((r) => (r.parts[0] as { text: string }).text);
    expect(new Set([texts[0], wholeTexts[0]])).toEqual(new Set(['alpha one', 'alpha two']));
    expect(new Set([texts[1], wholeTexts[1]])).toEqual(new Set(['beta one', 'beta two']));
    expect(emulator.requests('alpha').map((r) => (r.body as { model: string }).model)).toEqual(['test-model', 'test-model']);
    expect(emulator.requests('beta').map((r) => (r.body as { model: string }).model)).toEqual(['beta-model', 'beta-model']);
    expect(emulator.requests('default')).toHaveLength(0);
    expect(emulator.remaining('alpha')).toBe(0);
    expect(emulator.remaining('beta')).toBe(0);
  });
});
