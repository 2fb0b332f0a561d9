import type { ProviderPart, TextPart } from '../../../lib/core/content-part.types';
import type { ProviderResponse } from '../../../lib/core/provider.types';
import { ContentFilterError } from '../../../lib/errors';
import { ProviderEmulator } from '../../../lib/testing/emulator';
import { collect, geminiOn, sentBody, stepFinish, userRequest } from '../../support/gemini-emulator';

const modes = [
  ['complete', (p: ReturnType<ReturnType<typeof geminiOn>['build']>, text: string) => p.complete(userRequest(text))],
  ['stream', async (p: ReturnType<ReturnType<typeof geminiOn>['build']>, text: string) => stepFinish(await collect(p.stream(userRequest(text)))).response],
] as const;

const providerPart = (response: ProviderResponse, kind: string): ProviderPart | undefined =>
  response.parts.find((p): p is ProviderPart => p.type === 'provider' && p.kind === kind);

/** Gemini's safety ratings and Google Maps grounding, end to end over the emulator. */
describe('Gemini safety ratings and Maps sources', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => (emulator = await ProviderEmulator.start()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  describe.each(modes)('%s', (_mode, answer) => {
    it('keeps a filtered candidate’s safetyRatings in a `safetyRatings` provider part with the gemini origin', async () => {
      emulator.script([{ text: 'Partial answer', finishReason: 'content-filter' }]);
      const response = await answer(geminiOn(emulator).build(), 'risky');
      expect(response.finishReason).toEqual({ unified: 'content-filter', raw: 'SAFETY' });
      const part = providerPart(response, 'safetyRatings');
      expect(part?.origin).toEqual({ provider: 'gemini', model: 'gemini-2.5-flash' });
      expect(part?.data.safetyRatings).toEqual(
        expect.arrayContaining([{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }]),
      );
    });

    it('adds no safety part when Gemini sent no ratings', async () => {
      emulator.script([{ text: 'Fine.' }]);
      const response = await answer(geminiOn(emulator).build(), 'hello');
      expect(response.parts).toEqual([{ type: 'text', text: 'Fine.' }]);
    });

    it('a blocked prompt: ContentFilterError with the block reason and the prompt’s ratings in details', async () => {
      emulator.script([{ finishReason: 'refusal' }]);
      const error = await answer(geminiOn(emulator).build(), 'bad').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentFilterError);
      const details = (error as ContentFilterError).details as { blockReason: string; safetyRatings: unknown[] };
      expect(details.blockReason).toBe('PROHIBITED_CONTENT');
      expect(details.safetyRatings).toContainEqual({ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true });
    });

    it('puts Google Maps places on the text as sources, like web sources, and keeps the widget token', async () => {
      const places = [
        { kind: 'maps' as const, url: 'https://maps.google.com/?cid=111', title: 'Trattoria Roma', placeId: 'places/ChIJ111' },
        { kind: 'maps' as const, url: 'https://maps.google.com/?cid=222', title: 'Pizzeria Napoli' },
      ];
      emulator.script([{ text: 'Try Trattoria Roma or Pizzeria Napoli.', sources: places }]);
      const provider = geminiOn(emulator).withGoogleMaps({ latitude: 34.05, longitude: -118.25, enableWidget: true }).build();
      const response = await answer(provider, 'Italian food near me?');
      const text = response.parts.find((p): p is TextPart => p.type === 'text');
      expect(text?.text).toBe('Try Trattoria Roma or Pizzeria Napoli.');
      expect(text?.sources).toEqual([
        { url: 'https://maps.google.com/?cid=111', title: 'Trattoria Roma', startIndex: 0, endIndex: 38 },
        { url: 'https://maps.google.com/?cid=222', title: 'Pizzeria Napoli', startIndex: 0, endIndex: 38 },
      ]);
      const grounding = providerPart(response, 'groundingMetadata');
      expect(grounding?.data.googleMapsWidgetContextToken).toMatch(/^widgetcontent\//);
      expect((grounding?.data.groundingChunks as Array<{ maps?: { placeId?: string } }>)[0].maps?.placeId).toBe('places/ChIJ111');
      expect(grounding?.data.webSearchQueries).toBeUndefined();
      expect(sentBody(emulator).tools).toEqual([{ googleMaps: { enableWidget: true } }]);
    });
  });

  it('web and Maps sources together: both land on the text, search queries kept', async () => {
    emulator.script([{ text: 'Open late.', sources: [{ url: 'https://example.com/hours', title: 'Hours' }, { kind: 'maps', url: 'https://maps.google.com/?cid=9', title: 'Cafe' }] }]);
    const response = await geminiOn(emulator).withGoogleSearch().withGoogleMaps().build().complete(userRequest('Cafe hours?'));
    expect((response.parts[0] as TextPart).sources?.map((s) => s.title)).toEqual(['Hours', 'Cafe']);
    expect(providerPart(response, 'groundingMetadata')?.data.webSearchQueries).toEqual(['Cafe hours?']);
    expect(providerPart(response, 'groundingMetadata')?.data.googleMapsWidgetContextToken).toBeUndefined();
  });

  it('safety and grounding parts stay home: never sent back to Gemini on the next turn', async () => {
    emulator.script([{ text: 'Partial', finishReason: 'content-filter', sources: [{ kind: 'maps', url: 'https://maps.google.com/?cid=5', title: 'Spot' }] }, { text: 'ok' }]);
    const provider = geminiOn(emulator).withGoogleMaps().build();
    const first = await provider.complete(userRequest('x'));
    expect(first.parts.map((p) => (p.type === 'provider' ? p.kind : p.type))).toEqual(['text', 'groundingMetadata', 'safetyRatings']);
    await provider.complete({ messages: [...userRequest('x').messages, { role: 'assistant', parts: first.parts }, ...userRequest('more').messages] });
    const sent = JSON.stringify(sentBody(emulator, 1));
    expect(sent).not.toContain('safetyRatings');
    expect(sent).not.toContain('groundingChunks');
    expect(sent).toContain('Partial');
  });
});
