import { AbortedError } from '../../lib/errors/aborted.error';
import { PythonHostCrashedError } from '../../lib/errors/python-host-crashed.error';
import { TimeoutError } from '../../lib/errors/timeout.error';
import { loadPythonTools } from '../../lib/python/load-python-tools';
import type { PythonToolSet } from '../../lib/python/python-tool.set';
import { fixture, isAlive, OutputRecorder, toolContext, toolNamed, waitUntilGone } from './python-test.helpers';

describe('Python tool timeouts', () => {
  let tools: PythonToolSet;

  beforeAll(async () => {
    tools = await loadPythonTools(fixture('calls'), { logger: () => undefined, timeoutMs: 300 });
  });
  afterAll(() => tools.dispose());

  it('fails a call that outlives its timeout; the host keeps serving', async () => {
    const error = await toolNamed(tools, 'sleepy').execute({ seconds: 20 }, toolContext('slow')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('Python tool sleepy timed out after 300 ms');
    await expect(toolNamed(tools, 'add').execute({ a: 1, b: 2 }, toolContext())).resolves.toBe(3);
  });

  it('cancels a timed-out async def call inside Python', async () => {
    await expect(toolNamed(tools, 'async_sleepy').execute({ label: 'timeout', seconds: 20 }, toolContext())).rejects.toBeInstanceOf(TimeoutError);
    await expect(toolNamed(tools, 'was_cancelled').execute({ label: 'timeout' }, toolContext())).resolves.toBe(true);
  });
});

describe('Python tool faults', () => {
  let tools: PythonToolSet;
  let output: OutputRecorder;

  beforeEach(async () => {
    output = new OutputRecorder();
    tools = await loadPythonTools(fixture('calls'), { logger: output.logger, timeoutMs: 10_000 });
  });
  afterEach(() => tools.dispose());

  const sleepingStarted = (callId: string) => output.waitFor((o) => o.text === 'sleeping' && o.callId === callId);

  it('fails in-flight calls with PythonHostCrashedError when the host is killed, then restarts on the next call', async () => {
    const firstPid = tools.pid as number;
    const longCall = toolNamed(tools, 'sleepy').execute({ seconds: 20 }, toolContext('long'));
    const otherCall = toolNamed(tools, 'async_sleepy').execute({ label: 'killed', seconds: 20 }, toolContext('other'));
    await Promise.all([sleepingStarted('long'), sleepingStarted('other')]);
    process.kill(firstPid, 'SIGKILL');
    const errors = await Promise.all([longCall.catch((e: unknown) => e), otherCall.catch((e: unknown) => e)]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(PythonHostCrashedError);
      expect(error).toMatchObject({ signal: 'SIGKILL', exitCode: null, isRetryable: true });
    }
    expect(tools.pid).toBeUndefined();
    const secondPid = await toolNamed(tools, 'pid').execute({}, toolContext());
    expect(secondPid).toEqual(tools.pid);
    expect(secondPid).not.toBe(firstPid);
    expect(await waitUntilGone(firstPid)).toBe(true);
  });

  it('reports a host that dies by itself (os._exit in a tool) with its exit code', async () => {
    const error = await toolNamed(tools, 'die').execute({ code: 7 }, toolContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PythonHostCrashedError);
    expect(error).toMatchObject({ exitCode: 7, signal: null });
    expect((error as Error).message).toContain('exited with code 7 while die was running');
    await expect(toolNamed(tools, 'add').execute({ a: 2, b: 2 }, toolContext())).resolves.toBe(4);
  });

  it('fails a waiting call at once when its signal aborts, and cancels async work in Python', async () => {
    const controller = new AbortController();
    const call = toolNamed(tools, 'async_sleepy').execute({ label: 'aborted', seconds: 20 }, toolContext('abort', controller.signal));
    await sleepingStarted('abort');
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortedError);
    await expect(toolNamed(tools, 'was_cancelled').execute({ label: 'aborted' }, toolContext())).resolves.toBe(true);
  });

  it('does not send a call whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = await toolNamed(tools, 'add_calls').execute({}, toolContext());
    await expect(toolNamed(tools, 'add').execute({ a: 1, b: 1 }, toolContext('x', controller.signal))).rejects.toBeInstanceOf(AbortedError);
    await expect(toolNamed(tools, 'add_calls').execute({}, toolContext())).resolves.toBe(before);
  });

  it('leaves no process behind after dispose; waiting and later calls fail with AbortedError', async () => {
    const pid = tools.pid as number;
    expect(isAlive(pid)).toBe(true);
    const waiting = toolNamed(tools, 'sleepy').execute({ seconds: 20 }, toolContext('during-dispose')).catch((e: unknown) => e);
    await sleepingStarted('during-dispose');
    await tools.dispose();
    expect(isAlive(pid)).toBe(false);
    expect(await waiting).toBeInstanceOf(AbortedError);
    await expect(toolNamed(tools, 'add').execute({ a: 1, b: 1 }, toolContext())).rejects.toBeInstanceOf(AbortedError);
    expect(tools.pid).toBeUndefined();
  });
});
