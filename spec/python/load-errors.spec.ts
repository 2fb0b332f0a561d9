import { ConfigurationError } from '../../lib/errors/configuration.error';
import { PythonInterpreterError } from '../../lib/errors/python-interpreter.error';
import { PythonToolLoadError } from '../../lib/errors/python-tool-load.error';
import { PythonToolSchemaError } from '../../lib/errors/python-tool-schema.error';
import { ToolNameClashError } from '../../lib/errors/tool-name-clash.error';
import { loadPythonTools } from '../../lib/python/load-python-tools';
import type { PythonToolsOptions } from '../../lib/python/python-tools.options';
import { TimeoutError } from '../../lib/errors/timeout.error';
import { fixture, ManualClock, OutputRecorder, waitUntilGone } from './python-test.helpers';

const quiet: PythonToolsOptions = { logger: () => undefined };

async function loadError(directories: string | string[], options: PythonToolsOptions = {}): Promise<unknown> {
  const set = await loadPythonTools(directories, { ...quiet, ...options }).catch((error: unknown) => error);
  if (set && typeof set === 'object' && 'dispose' in set) {
    await (set as { dispose(): Promise<void> }).dispose();
    throw new Error('expected loadPythonTools to fail');
  }
  return set;
}

describe('loadPythonTools errors', () => {
  it('names the file and line of a syntax error', async () => {
    const error = (await loadError(fixture('broken-syntax'))) as PythonToolLoadError;
    expect(error).toBeInstanceOf(PythonToolLoadError);
    expect(error).toMatchObject({ kind: 'syntax', file: fixture('broken-syntax', 'b_broken.py'), exceptionType: 'SyntaxError' });
    expect([6, 9]).toContain(error.line); // the unclosed bracket (3.10+) or where Python 3.9 notices it
    expect(error.message).toContain(`${fixture('broken-syntax', 'b_broken.py')}:${error.line}`);
    expect(error.message).toContain('failed to import: SyntaxError');
  });

  it('names the file and line of an import error, with the Python traceback', async () => {
    const error = (await loadError(fixture('broken-import'))) as PythonToolLoadError;
    expect(error).toBeInstanceOf(PythonToolLoadError);
    expect(error).toMatchObject({ kind: 'import', file: fixture('broken-import', 'needs_module.py'), line: 5, exceptionType: 'ModuleNotFoundError' });
    expect(error.message).toContain("needs_module.py:5 failed to import: ModuleNotFoundError: No module named 'chat_ts_module_that_does_not_exist'");
    expect(error.pythonTraceback).toContain('_setup()');
  });

  it('names the function of a parameter without type hint, and lists the other problems', async () => {
    const error = (await loadError(fixture('bad-schema'))) as PythonToolSchemaError;
    expect(error).toBeInstanceOf(PythonToolSchemaError);
    expect(error).toMatchObject({ functionName: 'lookup', parameter: 'city', file: fixture('bad-schema', 'a_untyped.py'), line: 4 });
    expect(error.message).toContain("Python tool function lookup (");
    expect(error.message).toContain("parameter 'city' has no type hint");
    expect(error.message).toContain('and 1 more');
    expect(error.message).toContain("Python tool function pair (");
    expect(error.message).toContain('use tuple[X, ...] or list[X]');
  });

  it('reports decorator misuse (metadata that is not JSON) when the file is imported', async () => {
    const error = (await loadError(fixture('bad-decorator'))) as PythonToolLoadError;
    expect(error).toBeInstanceOf(PythonToolLoadError);
    expect(error).toMatchObject({ kind: 'import', exceptionType: 'TypeError', file: fixture('bad-decorator', 'bad_metadata.py') });
    expect([4, 5]).toContain(error.line); // the decorator line (3.11+) or the def line (3.9, 3.10)
    expect(error.message).toContain('@tool() on notify: metadata must be JSON serialisable');
  });

  it('rejects two tools with the same name, naming both files', async () => {
    const error = (await loadError(fixture('clash'))) as ToolNameClashError;
    expect(error).toBeInstanceOf(ToolNameClashError);
    expect(error.toolName).toBe('lookup');
    expect(error.sources).toEqual([fixture('clash', 'one.py'), fixture('clash', 'two.py')]);
  });

  it('gives up on files that take longer than startupTimeoutMs to import, and kills the host', async () => {
    const output = new OutputRecorder();
    const clock = new ManualClock();
    const failure = loadError(fixture('slow-import'), { startupTimeoutMs: 500, logger: output.logger, clock });
    await output.waitFor((o) => o.text.startsWith('importing in '));
    const pid = Number(output.lines.find((o) => o.text.startsWith('importing in '))?.text.split(' ').pop());
    expect(clock.waiting).toBe(1);
    clock.fireAll();
    const error = await failure;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(`Python tools in ${fixture('slow-import')} took more than 500 ms to import`);
    expect(await waitUntilGone(pid)).toBe(true);
  });

  it('rejects a directory that does not exist before starting Python', async () => {
    const error = await loadError(fixture('no-such-directory'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(`Python tools directory not found: ${fixture('no-such-directory')}`);
  });

  it('names a missing interpreter given as an option', async () => {
    const error = (await loadError(fixture('calls'), { interpreter: '/nonexistent/bin/python3.42' })) as PythonInterpreterError;
    expect(error).toBeInstanceOf(PythonInterpreterError);
    expect(error).toMatchObject({ interpreter: '/nonexistent/bin/python3.42', source: 'option' });
    expect(error.message).toBe(
      'Python interpreter not found: looked for "/nonexistent/bin/python3.42" (the interpreter option). Install Python 3.9 or newer, or name one with the interpreter option or CHAT_TS_PYTHON.',
    );
  });

  it('names a missing interpreter taken from CHAT_TS_PYTHON', async () => {
    const error = (await loadError(fixture('calls'), { env: { ...process.env, CHAT_TS_PYTHON: 'chat-ts-no-such-python' } })) as PythonInterpreterError;
    expect(error).toBeInstanceOf(PythonInterpreterError);
    expect(error).toMatchObject({ interpreter: 'chat-ts-no-such-python', source: 'CHAT_TS_PYTHON' });
    expect(error.message).toContain('looked for "chat-ts-no-such-python" (CHAT_TS_PYTHON)');
  });

  it('names python3 on PATH when nothing else is configured', async () => {
    const error = (await loadError(fixture('calls'), { env: { PATH: fixture('no-such-directory') } })) as PythonInterpreterError;
    expect(error).toBeInstanceOf(PythonInterpreterError);
    expect(error).toMatchObject({ interpreter: 'python3', source: 'PATH' });
    expect(error.message).toContain('looked for "python3" on PATH');
  });

  it('refuses an interpreter older than 3.9, naming its version', async () => {
    const old = fixture('fake-python', 'python3.8');
    const error = (await loadError(fixture('calls'), { interpreter: old })) as PythonInterpreterError;
    expect(error).toBeInstanceOf(PythonInterpreterError);
    expect(error).toMatchObject({ version: '3.8.18', source: 'option', interpreter: old });
    expect(error.message).toContain('Python 3.8.18 is too old for chat-ts Python tools, which need 3.9 or newer');
  });

  it('reports an interpreter that cannot run the host', async () => {
    const error = (await loadError(fixture('calls'), { interpreter: 'false' })) as PythonInterpreterError;
    expect(error).toBeInstanceOf(PythonInterpreterError);
    expect(error.message).toBe('The Python interpreter "false" (the interpreter option) could not start the chat-ts host: it exited with code 1');
  });
});
