import { ChatBuilder } from '../../lib/chat';
import { PythonToolError } from '../../lib/errors/python-tool.error';
import { OpenAIBuilder } from '../../lib/providers/openai';
import { loadPythonTools } from '../../lib/python/load-python-tools';
import type { PythonToolSet } from '../../lib/python/python-tool.set';
import type { ProviderEmulator } from '../../lib/testing';
import { useEmulator } from '../support/emulator-suite';
import { fixture } from './python-test.helpers';

/** The tool error policy applies to Python tools: a raised exception reaches the model as the policy says. */
describe('Python tool exceptions under the tool error policy', () => {
  let emulator: ProviderEmulator;
  let tools: PythonToolSet;
  useEmulator((e) => (emulator = e));
  beforeAll(async () => {
    tools = await loadPythonTools(fixture('calls'), { logger: () => undefined, timeoutMs: 10_000 });
  });
  afterAll(() => tools.dispose());

  const openai = () => new OpenAIBuilder().withModel('emulated-gpt').withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulator').build();
  const script = (): void => {
    emulator.script([{ toolCalls: [{ id: 'call_py', name: 'fail', arguments: { message: 'db password=hunter2 refused' } }] }, { text: 'Noted.' }]);
  };
  const sent = (): string => JSON.stringify(emulator.requests()[1].body);
  /** The tool output sent back to the model (the secret is also in the call's own arguments, which are not the tool's). */
  const output = (): string => {
    const input = (emulator.requests()[1].body as { input: Array<{ type: string; output?: string }> }).input;
    return input.find((item) => item.type === 'function_call_output')?.output ?? '';
  };

  it('by default the model gets `ExceptionType: message`, never the Python traceback', async () => {
    script();
    const reply = await new ChatBuilder().withModel(openai()).withTools(tools).build().complete('Run it');
    expect(reply.toolResults[0].content).toBe('Tool "fail" failed: ValueError: db password=hunter2 refused');
    expect(output()).toBe('Tool "fail" failed: ValueError: db password=hunter2 refused');
    expect(sent()).not.toContain('Traceback');
    expect(sent()).not.toContain('behaviour_tools.py');
  });

  it('exposeToolErrors: false hides the exception; a formatter sees the PythonToolError with its traceback', async () => {
    script();
    await new ChatBuilder().withModel(openai()).withTools(tools).withToolErrors({ exposeToolErrors: false }).build().complete('Run it');
    expect(output()).toBe('Tool "fail" failed. Its error is not shown.');

    emulator.reset();
    script();
    const seen: unknown[] = [];
    const chat = new ChatBuilder()
      .withModel(openai())
      .withTools(tools)
      .withToolErrors({ formatToolError: (error) => (seen.push(error), error instanceof PythonToolError ? `${error.exceptionType} in ${error.toolName}` : 'failed') })
      .build();
    const reply = await chat.complete('Run it');
    expect(reply.toolResults[0].content).toBe('ValueError in fail');
    expect(output()).toBe('ValueError in fail');
    expect(seen[0]).toBeInstanceOf(PythonToolError);
    expect((seen[0] as PythonToolError).pythonTraceback).toContain('behaviour_tools.py');
  });
});
