import { ChatBuilder } from '../../lib/chat';
import type { ToolCallPart } from '../../lib/core/content-part.types';
import { ConfigurationError } from '../../lib/errors';
import { OpenAIBuilder } from '../../lib/providers/openai';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';
import { makeTool } from '../support/test-tools';

class VaultError extends Error {
  readonly connection = 'postgres://admin:hunter2@db';
}

/** What the model is told when a tool throws: the tool error policy, checked on the wire. */
describe('tool error policy', () => {
  let emulator: ProviderEmulator;
  useEmulator((e) => (emulator = e));

  const openai = () => new OpenAIBuilder().withModel('emulated-gpt').withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulator').build();
  const failing = makeTool({
    name: 'lookup',
    execute: () => {
      throw new VaultError('db password=hunter2 refused');
    },
  });
  /** Runs one tool call that throws; returns the result the caller saw and the second request's body as sent. */
  async function run(builder: (b: ChatBuilder<any>) => ChatBuilder<any>): Promise<{ content: unknown; kind: unknown; sent: string }> {
    emulator.script([{ toolCalls: [{ id: 'call_1', name: 'lookup', arguments: {} }] }, { text: 'Sorry.' }]);
    const chat = builder(new ChatBuilder().withModel(openai()).withTools([failing])).build();
    const reply = await chat.complete('Look it up');
    expect(reply.text).toBe('Sorry.');
    const [result] = reply.toolResults;
    return { content: result.content, kind: result.error?.kind, sent: JSON.stringify(emulator.requests()[1].body) };
  }

  it('by default sends the error message only: no stack, no other field of the error', async () => {
    const { content, kind, sent } = await run((b) => b);
    expect(content).toBe('Tool "lookup" failed: db password=hunter2 refused');
    expect(kind).toBe('execution');
    expect(sent).toContain('Tool \\"lookup\\" failed: db password=hunter2 refused');
    expect(sent).not.toContain('tool-errors.spec');
    expect(sent).not.toMatch(/\bat \w/);
    expect(sent).not.toContain('postgres://');
  });

  it('exposeToolErrors: false sends a generic text naming the tool, to the model and into the conversation', async () => {
    const { content, sent } = await run((b) => b.withToolErrors({ exposeToolErrors: false }));
    expect(content).toBe('Tool "lookup" failed. Its error is not shown.');
    expect(sent).toContain('Tool \\"lookup\\" failed. Its error is not shown.');
    expect(sent).not.toContain('hunter2');
  });

  it('a formatter gets the error and the call and writes the text; one that throws falls back to the generic text', async () => {
    const seen: Array<[unknown, ToolCallPart]> = [];
    const formatted = await run((b) =>
      b.withToolErrors({
        exposeToolErrors: true,
        formatToolError: (error, call) => {
          seen.push([error, call]);
          return `${call.name} is unavailable right now`;
        },
      }),
    );
    expect(formatted.content).toBe('lookup is unavailable right now');
    expect(formatted.sent).toContain('lookup is unavailable right now');
    expect(formatted.sent).not.toContain('hunter2');
    expect(seen).toHaveLength(1);
    expect(seen[0][0]).toBeInstanceOf(VaultError);
    expect(seen[0][1]).toMatchObject({ id: 'call_1', name: 'lookup' });

    emulator.reset();
    const broken = await run((b) =>
      b.withToolErrors({
        formatToolError: () => {
          throw new Error('formatter bug');
        },
      }),
    );
    expect(broken.content).toBe('Tool "lookup" failed. Its error is not shown.');
    expect(broken.sent).not.toContain('hunter2');
  });

  it('a thrown non-Error value is sent as its message or its text', async () => {
    const odd = makeTool({
      name: 'odd',
      execute: () => {
        throw { message: 'plain object failure', stack: 'at secret.ts:1' };
      },
    });
    emulator.script([{ toolCalls: [{ id: 'c', name: 'odd', arguments: {} }] }, { text: 'ok' }]);
    const reply = await new ChatBuilder().withModel(openai()).withTools([odd]).build().complete('go');
    expect(reply.toolResults[0].content).toBe('Tool "odd" failed: plain object failure');
  });

  it('withToolErrors() refuses what is not a policy', () => {
    const builder = new ChatBuilder().withModel(openai());
    expect(() => builder.withToolErrors(null as never)).toThrow(ConfigurationError);
    expect(() => builder.withToolErrors({ formatToolError: 'x' as never })).toThrow(ConfigurationError);
  });
});
