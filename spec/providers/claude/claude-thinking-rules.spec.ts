import { fixedDelay } from '../../../lib/retry';
import { lastValueFrom, toArray } from 'rxjs';
import { ChatBuilder } from '../../../lib/chat';
import type { JsonObject } from '../../../lib/core/json.types';
import type { Message } from '../../../lib/core/message.types';
import { Messages } from '../../../lib/core/messages';
import type { ToolSpec } from '../../../lib/core/provider.types';
import type { StreamEvent } from '../../../lib/core/stream-event.types';
import { RouterBuilder } from '../../../lib/router';
import { ProviderEmulator } from '../../../lib/testing/emulator/provider-emulator';
import { claudeOn, collect, newSession, stepFinish, user } from '../../support/claude-emulator';
import { requestCounts, responsesAt } from '../../support/emulated-providers';
import { makeTool, requireCity } from '../../support/test-tools';

const weatherTool: ToolSpec = { name: 'weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

/** A tool loop whose last call was made by another provider (no Claude-signed thinking in front of it). */
function foreignToolLoop(): Message[] {
  const origin = { provider: 'openai', model: 'gpt-5' };
  return [
    user('Weather in Paris?'),
    {
      role: 'assistant',
      parts: [
        { type: 'reasoning', text: 'Look it up.', signature: 'gAAAA-openai-encrypted', origin },
        { type: 'tool-call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' }, status: 'completed', origin },
      ],
      metadata: { provider: 'openai', model: 'gpt-5' },
    },
    { role: 'tool', parts: [{ type: 'tool-result', callId: 'call_1', name: 'weather', content: '{"celsius":21}' }] },
  ];
}

/**
 * Claude's extended-thinking rules (Anthropic, "Extended thinking" → thinking with tool use): a
 * forced tool choice is refused with thinking on, and so is a tool loop whose final assistant turn
 * does not start with a thinking block. The emulator enforces both with Anthropic's 400s.
 */
describe('Claude thinking rules', () => {
  let emulator: ProviderEmulator;
  beforeAll(async () => {
    emulator = await ProviderEmulator.start();
  });
  afterAll(() => emulator.close());

  const body = (session: string, index = 0): JsonObject => emulator.requests(session)[index].body as JsonObject;

  describe('the emulator answers like the Messages API', () => {
    const post = (body: object): Promise<Response> =>
      fetch(emulator.url('/v1/messages', newSession('raw')), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const loop = (first: object[]) => [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: [...first, { type: 'tool_use', id: 't1', name: 'weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '21' }] },
    ];
    const thinking = { type: 'enabled', budget_tokens: 1024 };

    it('refuses a final tool-use turn without a thinking block, with Anthropic’s message', async () => {
      const res = await post({ model: 'm', max_tokens: 2048, thinking, messages: loop([{ type: 'text', text: 'Checking.' }]) });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { type: string; error: { type: string; message: string } };
      expect(json.type).toBe('error');
      expect(json.error.type).toBe('invalid_request_error');
      expect(json.error.message).toMatch(/^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `text`\./);
      expect(json.error.message).toContain('a final `assistant` message must start with a thinking block');
    });

    it('accepts it with a (redacted) thinking block first, or with thinking off', async () => {
      expect((await post({ model: 'm', max_tokens: 2048, thinking, messages: loop([{ type: 'thinking', thinking: 'hm', signature: 's' }]) })).status).toBe(200);
      expect((await post({ model: 'm', max_tokens: 2048, thinking, messages: loop([{ type: 'redacted_thinking', data: 'x' }]) })).status).toBe(200);
      expect((await post({ model: 'm', max_tokens: 2048, messages: loop([]) })).status).toBe(200);
    });

    it('refuses a forced tool choice with thinking on', async () => {
      for (const tool_choice of [{ type: 'any' }, { type: 'tool', name: 'weather' }]) {
        const res = await post({ model: 'm', max_tokens: 2048, thinking, tool_choice, tools: [{ name: 'weather', input_schema: { type: 'object' } }], messages: [{ role: 'user', content: 'hi' }] });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Thinking may not be enabled when tool_choice forces tool use.');
      }
    });
  });

  describe('a tool loop whose last call has no Claude-signed thinking', () => {
    it('complete(): thinking is left out, the request succeeds', async () => {
      const s = newSession();
      emulator.script([{ text: '21 degrees.' }], s);
      const reply = await claudeOn(emulator, s, (b) => b.withThinking(2048)).complete({ messages: foreignToolLoop(), tools: [weatherTool] });
      expect(reply.parts).toEqual([{ type: 'text', text: '21 degrees.' }]);
      expect(reply.warnings).toEqual([expect.stringContaining('no Claude-signed thinking')]);
      expect(body(s).thinking).toBeUndefined();
      // the other provider's reasoning never travels; the call and its result do
      expect(JSON.stringify(body(s))).not.toContain('gAAAA-openai-encrypted');
      expect((body(s).messages as JsonObject[])[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } }] });
    });

    it('stream(): a warning says why, before the answer', async () => {
      const s = newSession();
      emulator.script([{ text: '21 degrees.' }], s);
      const events = await collect(claudeOn(emulator, s, (b) => b.withThinking(2048)).stream({ messages: foreignToolLoop(), tools: [weatherTool] }));
      expect(events[0]).toEqual({ type: 'warning', message: expect.stringContaining('no Claude-signed thinking') });
      expect(stepFinish(events).response.parts).toEqual([{ type: 'text', text: '21 degrees.' }]);
      expect(body(s).thinking).toBeUndefined();
    });

    it('keeps thinking on when the loop’s last call carries Claude’s signed thinking, or when the turn is over', async () => {
      const s = newSession();
      emulator.script([{ text: 'ok' }, { text: 'ok' }], s);
      const claude = claudeOn(emulator, s, (b) => b.withThinking(2048));
      const origin = { provider: 'claude', model: 'claude-sonnet-4-5' };
      const signed: Message[] = [
        user('Weather?'),
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', text: 'Look it up.', signature: 'sig-claude', origin },
            { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: { city: 'Paris' }, status: 'completed', origin },
          ],
        },
        { role: 'tool', parts: [{ type: 'tool-result', callId: 'toolu_1', name: 'weather', content: '21' }] },
      ];
      const events = await collect(claude.stream({ messages: signed, tools: [weatherTool] }));
      expect(events.some((e) => e.type === 'warning')).toBe(false);
      expect(body(s, 0).thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
      // a later user turn after a foreign loop that ended with text: no requirement
      await claude.complete({ messages: [...foreignToolLoop(), { role: 'assistant', parts: [{ type: 'text', text: '21.' }] }, user('Thanks')], tools: [weatherTool] });
      expect(body(s, 1).thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    });
  });

  describe('a forced tool choice', () => {
    it.each([
      ['required', 'required' as const, { type: 'any' }],
      ['{name}', { name: 'weather' }, { type: 'tool', name: 'weather' }],
    ])('toolChoice %s: thinking is left out with a warning, the forced choice is sent', async (_label, toolChoice, wire) => {
      const s = newSession();
      emulator.script([{ toolCalls: [{ id: 'toolu_f', name: 'weather', arguments: { city: 'Oslo' } }] }], s);
      const events = await collect(claudeOn(emulator, s, (b) => b.withThinking(4096)).stream({ messages: [user('Oslo?')], tools: [weatherTool], toolChoice }));
      expect(events[0]).toEqual({ type: 'warning', message: expect.stringContaining('forced tool call') });
      expect(stepFinish(events).response.finishReason.unified).toBe('tool-calls');
      expect(body(s).tool_choice).toEqual(wire);
      expect(body(s).thinking).toBeUndefined();
    });

    it('toolChoice auto keeps thinking; complete() with required succeeds too', async () => {
      const s = newSession();
      emulator.script([{ text: 'a' }, { toolCalls: [{ id: 'toolu_g', name: 'weather', arguments: { city: 'Rome' } }] }], s);
      const claude = claudeOn(emulator, s, (b) => b.withThinking(1024));
      await claude.complete({ messages: [user('Rome?')], tools: [weatherTool], toolChoice: 'auto' });
      expect(body(s, 0).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
      const forced = await claude.complete({ messages: [user('Rome?')], tools: [weatherTool], toolChoice: 'required', options: { temperature: 0.3 } });
      expect(forced.finishReason.unified).toBe('tool-calls');
      expect(body(s, 1)).toMatchObject({ tool_choice: { type: 'any' }, temperature: 0.3 });
      expect(body(s, 1).thinking).toBeUndefined();
    });
  });

  describe('Claude with thinking as a router’s fallback mid tool loop', () => {
    const router = () =>
      new RouterBuilder()
        .addProvider(responsesAt(emulator, 'openai'), { name: 'openai' })
        .addProvider(claudeOn(emulator, 'claude', (b) => b.withThinking(2048)), { name: 'claude' })
        .withStreamFallback('restart')
        .build();
    const weather = () => makeTool({ name: 'weather', validate: requireCity, execute: ({ city }) => ({ city, celsius: 21 }) });
    beforeEach(() => emulator.reset());

    it('complete(): step 2 moves to Claude, which answers without thinking instead of a 400', async () => {
      emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { error: { status: 503 } }], 'openai');
      emulator.script([{ reasoning: 'The tool said 21.', text: '21 degrees in Paris.' }], 'claude');
      const reply = await new ChatBuilder().withModel(router()).withTools([weather()]).build().complete(Messages.fromUser('Weather in Paris?'));
      expect(reply.text).toBe('21 degrees in Paris.');
      expect(reply.warnings).toEqual([expect.stringContaining('no Claude-signed thinking')]);
      expect(requestCounts(emulator, 'openai', 'claude')).toEqual({ openai: 2, claude: 1 });
      const sent = body('claude');
      expect(sent.thinking).toBeUndefined();
      expect(JSON.stringify(sent.messages)).toContain('"tool_use_id":"call_1"');
    });

    it('complete() through the retry seam carries the same warning', async () => {
      emulator.script([{ toolCalls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }] }, { error: { status: 503 } }], 'openai');
      emulator.script([{ text: '21 degrees in Paris.' }], 'claude');
      const chat = new ChatBuilder().withModel(router()).withTools([weather()]).withRetry(fixedDelay(1, 1)).build();
      const reply = await chat.complete(Messages.fromUser('Weather in Paris?'));
      expect(reply.text).toBe('21 degrees in Paris.');
      expect(reply.warnings).toEqual([expect.stringContaining('no Claude-signed thinking')]);
    });

    it('stream(): the warning reaches the chat stream and the loop finishes on Claude', async () => {
      emulator.script([{ toolCalls: [{ id: 'call_2', name: 'weather', arguments: { city: 'Oslo' } }] }, { fault: 'reset-before' }], 'openai');
      emulator.script([{ text: 'Mild in Oslo.' }], 'claude');
      const events: StreamEvent[] = await lastValueFrom(new ChatBuilder().withModel(router()).withTools([weather()]).build().stream('Weather in Oslo?').pipe(toArray()));
      expect(events.filter((e) => e.type === 'warning')).toEqual([{ type: 'warning', message: expect.stringContaining('no Claude-signed thinking') }]);
      expect(events.at(-1)).toMatchObject({ type: 'finish', status: 'completed', output: 'Mild in Oslo.' });
      expect(body('claude').thinking).toBeUndefined();
    });
  });
});
