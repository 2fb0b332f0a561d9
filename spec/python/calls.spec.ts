import { PythonToolArgumentsError } from '../../lib/errors/python-tool-arguments.error';
import { PythonToolError } from '../../lib/errors/python-tool.error';
import { loadPythonTools } from '../../lib/python/load-python-tools';
import type { PythonToolSet } from '../../lib/python/python-tool.set';
import { fixture, OutputRecorder, toolContext, toolNamed } from './python-test.helpers';

describe('calling Python tools', () => {
  let tools: PythonToolSet;
  const output = new OutputRecorder();

  beforeAll(async () => {
    tools = await loadPythonTools(fixture('calls'), { logger: output.logger, timeoutMs: 10_000 });
  });
  afterAll(() => tools.dispose());

  const run = (name: string, args: unknown, callId = 'call-1'): Promise<unknown> => toolNamed(tools, name).execute(args, toolContext(callId));

  it('returns the JSON value of the function', async () => {
    await expect(run('add', { a: 2, b: 40 })).resolves.toBe(42);
    await expect(run('positional', { a: 1, b: 2 })).resolves.toEqual([1, 2]);
    await expect(run('greet', { name: 'Ada' })).resolves.toBe('Hello, Ada');
  });

  it('validates arguments against the schema and sends nothing to Python when they are wrong', async () => {
    const before = await run('add_calls', {});
    const check = await toolNamed(tools, 'add').validate({ a: '1' });
    expect(check).toEqual({
      ok: false,
      message: 'b is required; a must be integer, got string',
      details: [
        { path: 'b', message: 'is required' },
        { path: 'a', message: 'must be integer, got string' },
      ],
    });
    await expect(run('add', { a: '1', b: 2 })).rejects.toBeInstanceOf(PythonToolArgumentsError);
    await expect(run('add_calls', {})).resolves.toBe(before);
    await expect(toolNamed(tools, 'add').validate({ a: 1, b: 2 })).resolves.toEqual({ ok: true, value: { a: 1, b: 2 } });
  });

  it('runs sync functions concurrently in the thread pool (a 2-party barrier is passed)', async () => {
    const args = { group: 'sync-overlap', parties: 2, timeout: 5 };
    await expect(Promise.all([run('rendezvous', args, 'a'), run('rendezvous', args, 'b')])).resolves.toEqual([
      'met in sync-overlap',
      'met in sync-overlap',
    ]);
  });

  it('runs async def functions concurrently on the event loop', async () => {
    const args = { group: 'async-overlap', parties: 3, timeout: 5 };
    const results = await Promise.all([run('rendezvous_async', args, 'a'), run('rendezvous_async', args, 'b'), run('rendezvous_async', args, 'c')]);
    expect(results).toEqual(['met in async-overlap', 'met in async-overlap', 'met in async-overlap']);
  });

  it('cannot meet at the barrier with one worker thread (the overlap test can fail)', async () => {
    const single = await loadPythonTools(fixture('calls'), { logger: () => undefined, maxWorkers: 1 });
    try {
      const args = { group: 'one-worker', parties: 2, timeout: 0.3 };
      const settled = await Promise.allSettled([1, 2].map(() => toolNamed(single, 'rendezvous').execute(args, toolContext())));
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
      expect((settled[0] as PromiseRejectedResult).reason).toMatchObject({ exceptionType: 'BrokenBarrierError' });
    } finally {
      await single.dispose();
    }
  });

  it('turns an exception into PythonToolError with type, message and traceback', async () => {
    const error = (await run('fail', { message: 'city not found' }).catch((e: unknown) => e)) as PythonToolError;
    expect(error).toBeInstanceOf(PythonToolError);
    expect(error.message).toBe('ValueError: city not found');
    expect(error).toMatchObject({ toolName: 'fail', exceptionType: 'ValueError', exceptionModule: 'builtins', exceptionMessage: 'city not found' });
    expect(error.pythonTraceback).toContain('behaviour_tools.py');
    expect(error.pythonTraceback).toContain('in _check');
    expect(error.pythonTraceback).not.toContain('_host.py');
    expect(error.isRetryable).toBe(false);
  });

  it('reports module-defined exceptions and sys.exit() as tool errors; the host survives', async () => {
    await expect(run('fail_custom', {})).rejects.toMatchObject({ message: 'QuotaExhausted: no quota left', exceptionType: 'QuotaExhausted' });
    await expect(run('exit_tool', {})).rejects.toMatchObject({ exceptionType: 'SystemExit', message: 'SystemExit: 3' });
    await expect(run('add', { a: 1, b: 1 })).resolves.toBe(2);
  });

  it('fails (without crashing) when the return value is not JSON serialisable', async () => {
    await expect(run('not_serialisable', {})).rejects.toMatchObject({
      exceptionType: 'TypeError',
      message: expect.stringContaining('the return value of not_serialisable is not JSON serialisable'),
    });
    await expect(run('not_a_number', {})).rejects.toMatchObject({ exceptionType: 'TypeError' });
    await expect(run('add', { a: 1, b: 2 })).resolves.toBe(3);
  });

  it('forwards print() output to the logger, tagged with tool and call id, without touching the result', async () => {
    const [first, second] = await Promise.all([run('chatty', { label: 'A', lines: 20 }, 'call-A'), run('chatty', { label: 'B', lines: 20 }, 'call-B')]);
    expect([first, second]).toEqual(['A done', 'B done']);
    for (const label of ['A', 'B']) {
      const mine = output.lines.filter((o) => o.text.startsWith(`${label} `));
      expect(mine).toHaveLength(22);
      expect(mine.every((o) => o.callId === `call-${label}` && o.toolName === 'chatty')).toBe(true);
      expect(mine.filter((o) => o.stream === 'stderr').map((o) => o.text)).toEqual([`${label} warning`]);
      expect(mine.filter((o) => o.stream === 'stdout').map((o) => o.text)).toEqual([
        ...Array.from({ length: 20 }, (_, i) => `${label} line ${i}`),
        `${label} no newline`,
      ]);
    }
  });

  it('reports print() at import time without a tool, and raw writes to fd 1 on stderr', async () => {
    expect(output.lines).toContainEqual({ stream: 'stdout', text: 'behaviour_tools imported', toolName: undefined, callId: undefined });
    await expect(run('raw_fd_write', {})).resolves.toBe('ok');
    await output.waitFor((o) => o.text === 'written to fd 1');
    expect(output.lines.find((o) => o.text === 'written to fd 1')).toEqual({ stream: 'stderr', text: 'written to fd 1' });
  });

  it('gives tools an empty stdin, never the protocol', async () => {
    await expect(run('read_stdin', {})).resolves.toBe("''");
  });
});
