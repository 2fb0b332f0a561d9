import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { systemClock } from '../core/system.clock';
import { ConfigurationError } from '../errors/configuration.error';
import { PythonHost } from './python-host';
import { pythonHostScript } from './python-host.path';
import { resolvePythonInterpreter } from './python-interpreter.resolver';
import { PythonToolDefinition } from './python-tool.definition';
import { PythonToolSet } from './python-tool.set';
import { stderrPythonLogger, type PythonToolsOptions } from './python-tools.options';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;

function checkDirectories(directories: readonly string[]): string[] {
  if (directories.length === 0) throw new ConfigurationError('loadPythonTools() needs at least one directory');
  return directories.map((directory) => {
    const absolute = path.resolve(directory);
    if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
      throw new ConfigurationError(`Python tools directory not found: ${absolute}`);
    }
    return absolute;
  });
}

/**
 * Starts a Python host that imports every `*.py` in `directories` (not starting with `_`; subfolders
 * with `recursive`) and returns their `@tool()` functions as tool definitions.
 *
 * Fails with `PythonInterpreterError` (no Python 3.9+), `PythonToolLoadError` (a file does not import,
 * with file and line), `PythonToolSchemaError` (e.g. a parameter without type hint, naming the function),
 * `ToolNameClashError`, `ConfigurationError` (missing directory) or `TimeoutError` (imports too slow).
 * Python tools run with the application's privileges: only load directories you trust.
 *
 * @example
 * const python = await loadPythonTools('tools/', { timeoutMs: 10_000 });
 * try { chat.withTools(python); ... } finally { await python.dispose(); }
 */
export async function loadPythonTools(
  directories: string | readonly string[],
  options: PythonToolsOptions = {},
): Promise<PythonToolSet> {
  const absolute = checkDirectories(typeof directories === 'string' ? [directories] : directories);
  const env = options.env ?? process.env;
  const script = pythonHostScript();
  if (!existsSync(script)) {
    throw new ConfigurationError(`chat-ts Python host not found at ${script} (the package build must copy lib/python/host)`);
  }
  const host = new PythonHost(
    {
      interpreter: resolvePythonInterpreter(options.interpreter, env),
      script,
      config: { directories: absolute, recursive: options.recursive ?? false, maxWorkers: options.maxWorkers },
      env,
      clock: options.clock ?? systemClock,
      startupTimeoutMs: options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
    },
    options.logger ?? stderrPythonLogger,
  );
  try {
    const { ready } = await host.start();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const tools = ready.tools.map((tool) => new PythonToolDefinition(tool, host, timeoutMs));
    return new PythonToolSet(tools, ready.python, host);
  } catch (error) {
    await host.dispose();
    throw error;
  }
}
