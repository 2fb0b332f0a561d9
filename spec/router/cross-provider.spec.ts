import { ChatBuilder } from '../../lib/chat';
import type { ContentPart } from '../../lib/core/content-part.types';
import { Messages } from '../../lib/core/messages';
import { ClaudeBuilder } from '../../lib/providers/claude';
import { GeminiBuilder } from '../../lib/providers/gemini';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { KeywordStrategy, RouterBuilder } from '../../lib/router';
import { ProviderEmulator } from '../../lib/testing';
import { makeTool, requireCity } from '../support/test-tools';

const CLAUDE_SIGNATURE = 'CLAUDE-THINKING-SIGNATURE-0001';
const GEMINI_SIGNATURE = 'GEMINI-THOUGHT-SIGNATURE-0002';
const OPENAI_ENCRYPTED = 'gAAAA-OPENAI-ENCRYPTED-REASONING-0003';

/**
 * One conversation moving Claude → Gemini → OpenAI (Responses) through a router, on the emulator:
 * each provider's opaque data (thinking signatures, thought signatures, encrypted reasoning,
 * response ids) goes back only to the provider that made it, never raw to another.
 */
describe('one conversation across providers', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  it('Claude → Gemini → OpenAI: provider-specific parts are dropped or converted, never sent raw to the next provider', async () => {
    const claude = new ClaudeBuilder().withModel('claude-sonnet-4-5').withApiKey('sk-ant-emulator').withBaseUrl(emulator.url('', 'claude')).withThinking(1024).build();
    const gemini = new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey('gemini-emulator').withBaseUrl(emulator.url('/v1beta', 'gemini')).build();
    const openai = new OpenAIBuilder().withModel('gpt-5-mini').withApiKey('sk-emulator').withCustomUrl(emulator.url('/v1', 'openai')).withStore(false).build();
    const router = new RouterBuilder()
      .addProvider(claude, { name: 'claude' })
      .addProvider(gemini, { name: 'gemini' })
      .addProvider(openai, { name: 'openai' })
      .withStrategy(new KeywordStrategy([{ match: ['claude'], provider: 'claude' }]))
      .build();
    let runs = 0;
    const weather = makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => (runs++, { city, celsius: 19 }) });
    const chat = new ChatBuilder().withModel(router).withTools([weather]).build();

    // turn 1, Claude: thinking (signed) + a tool call, then the answer
    emulator.script(
      [
        { reasoning: 'I should look up the weather.', reasoningSignature: CLAUDE_SIGNATURE, toolCalls: [{ id: 'toolu_1', name: 'weather', arguments: { city: 'Paris' } }] },
        { text: 'It is 19 degrees in Paris.' },
        { error: { status: 529 } },
        { error: { status: 529 } },
      ],
      'claude',
    );
    // turn 2, Claude overloaded → Gemini: a thought with its signature
    emulator.script([{ reasoning: 'Compare with Rome.', reasoningSignature: GEMINI_SIGNATURE, text: 'Rome is usually warmer.' }, { error: { status: 503 } }], 'gemini');
    // turn 3, Claude and Gemini failing → OpenAI: encrypted reasoning and a response id
    emulator.script([{ reasoning: 'Summarise.', reasoningSignature: OPENAI_ENCRYPTED, text: 'Paris 19, Rome warmer.' }], 'openai');

    const messages = Messages.fromUser('Weather in Paris?');
    expect((await chat.complete(messages)).text).toBe('It is 19 degrees in Paris.');
    expect((await chat.complete(messages.user('And Rome?'))).text).toBe('Rome is usually warmer.');
    expect((await chat.complete(messages.user('Summarise both.'))).text).toBe('Paris 19, Rome warmer.');
    expect(runs).toBe(1);

    // the conversation keeps every provider's parts, each with its origin
    const reasoning = messages.toArray().flatMap((m) => m.parts.filter((p): p is Extract<ContentPart, { type: 'reasoning' }> => p.type === 'reasoning'));
    expect(reasoning.map((p) => p.origin?.provider)).toEqual(expect.arrayContaining(['claude', 'gemini', 'openai']));
    expect(JSON.stringify(reasoning)).toContain(CLAUDE_SIGNATURE);
    expect(JSON.stringify(reasoning)).toContain(GEMINI_SIGNATURE);
    expect(JSON.stringify(reasoning)).toContain(OPENAI_ENCRYPTED);
    const responseIds = messages.toArray().flatMap((m) => (m.metadata?.id ? [m.metadata.id] : []));
    expect(responseIds.length).toBeGreaterThanOrEqual(3);

    // Claude got its own signed thinking back inside its tool loop
    const claudeBodies = emulator.requests('claude').map((r) => JSON.stringify(r.body));
    expect(claudeBodies[1]).toContain(CLAUDE_SIGNATURE);

    // Gemini (turn 2) never saw Claude's signature, thinking blocks or message ids
    const geminiTurn = JSON.stringify(emulator.requests('gemini')[0].body);
    expect(geminiTurn).not.toContain(CLAUDE_SIGNATURE);
    expect(geminiTurn).not.toContain('"thinking"');
    for (const id of responseIds) expect(geminiTurn).not.toContain(id);
    expect(geminiTurn).toContain('Weather in Paris?');
    expect(geminiTurn).toContain('It is 19 degrees in Paris.');
    expect(geminiTurn).toContain('"functionCall"');

    // OpenAI (turn 3) never saw Claude's or Gemini's signatures, nor any earlier response id
    const openaiTurn = emulator.requests('openai')[0].body as { input: unknown; previous_response_id?: string };
    const openaiText = JSON.stringify(openaiTurn);
    expect(openaiText).not.toContain(CLAUDE_SIGNATURE);
    expect(openaiText).not.toContain(GEMINI_SIGNATURE);
    expect(openaiText).not.toContain('thoughtSignature');
    expect(openaiTurn.previous_response_id).toBeUndefined();
    for (const id of responseIds) expect(openaiText).not.toContain(id);
    expect(openaiText).toContain('Rome is usually warmer.');
    expect(openaiText).toContain('"call_id":"toolu_1"');

    // turn 4 back on Claude (keyword): OpenAI's encrypted reasoning and Gemini's signature stay home
    emulator.script([{ text: 'Back on Claude.' }], 'claude');
    expect((await chat.complete(messages.user('Claude, anything else?'))).text).toBe('Back on Claude.');
    const back = JSON.stringify(emulator.requests('claude').at(-1)?.body);
    expect(back).not.toContain(OPENAI_ENCRYPTED);
    expect(back).not.toContain(GEMINI_SIGNATURE);
    for (const id of responseIds) expect(back).not.toContain(id);
    expect(back).toContain('Paris 19, Rome warmer.');
  });
});
