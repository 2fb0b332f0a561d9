import { concat, lastValueFrom, of } from 'rxjs';
import type { ModelStreamEvent } from '../../lib/core/stream-event.types';
import { ChatBuilder } from '../../lib/chat';
import type { RunObserver } from '../../lib/core/run-observer.types';
import { Messages } from '../../lib/core/messages';
import { CallbackError } from '../../lib/errors';
import { ScriptedProvider } from '../support/scripted.provider';
import { makeTool } from '../support/test-tools';

/** The engine's observer seam (issue 22), independent of any telemetry. */
describe('run observers', () => {
  it('are called in order around runs, attempts and tools (the first added outermost), and see the call context', async () => {
    const provider = new ScriptedProvider([{ toolCalls: [{ id: 'c1', name: 'echo', arguments: {} }] }, { text: 'done' }]);
    const log: string[] = [];
    const observer = (name: string): RunObserver => ({
      startRun: (run) => {
        log.push(`${name} start ${run.mode} ${JSON.stringify(run.context)}`);
        return {
          within: (fn) => {
            log.push(`${name} within`);
            return fn();
          },
          modelCall: (request, info, send) => {
            log.push(`${name} request ${info.step}.${info.attempt}`);
            return send(request);
          },
          tool: async (call, execute) => {
            log.push(`${name} tool ${call.name} in`);
            const result = await execute();
            log.push(`${name} tool ${call.name} out ${result.content}`);
            return result;
          },
          end: (outcome) => log.push(`${name} end ${outcome.status}`),
        };
      },
    });
    const chat = new ChatBuilder()
      .withModel(provider)
      .withTools([makeTool({ name: 'echo', execute: () => 'echoed' })])
      .withObserver(observer('A'))
      .withObserver(observer('B'))
      .build();
    await chat.complete('go', { context: { user: 'u1' } });
    expect(log).toEqual([
      'A start complete {"user":"u1"}',
      'B start complete {"user":"u1"}',
      'A within',
      'B within',
      'A request 1.1',
      'B request 1.1',
      'A tool echo in',
      'B tool echo in',
      'B tool echo out echoed',
      'A tool echo out echoed',
      'A request 2.1',
      'B request 2.1',
      'A end completed',
      'B end completed',
    ]);
  });

  it('a model-call wrapper may add events (a warning reaches the response) and may refuse a request before it is sent', async () => {
    const provider = new ScriptedProvider([{ text: 'hi' }]);
    const adding: RunObserver = {
      startRun: () => ({ modelCall: (request, _info, send) => concat(of<ModelStreamEvent>({ type: 'warning', message: 'observed' }), send(request)) }),
    };
    const reply = await new ChatBuilder().withModel(provider).withObserver(adding).build().complete('x');
    expect(reply.warnings).toEqual(['observed']);

    const refusing: RunObserver = { startRun: () => ({ modelCall: () => { throw new Error('refused'); } }) };
    const quiet = new ScriptedProvider([{ text: 'never' }]);
    await expect(new ChatBuilder().withModel(quiet).withRetry(false).withObserver(refusing).build().complete('x')).rejects.toThrow('refused');
    expect(quiet.calls).toHaveLength(0);
  });

  it('an observer that throws in startRun fails the call with a CallbackError and leaves the conversation usable', async () => {
    const provider = new ScriptedProvider([{ text: 'ok' }]);
    let fail = true;
    const flaky: RunObserver = {
      startRun: () => {
        if (fail) throw new Error('observer down');
        return undefined;
      },
    };
    const chat = new ChatBuilder().withModel(provider).withObserver(flaky).build();
    const messages = Messages.fromUser('hi');
    await expect(chat.complete(messages)).rejects.toMatchObject({ name: 'CallbackError', callback: 'startRun' });
    await expect(lastValueFrom(chat.stream(messages))).rejects.toBeInstanceOf(CallbackError);
    fail = false;
    expect((await chat.complete(messages)).text).toBe('ok');
  });
});
