import type { ToolSource } from '../tools/tools.builder';
import { loadPythonTools } from './load-python-tools';
import type { PythonToolsOptions } from './python-tools.options';

/**
 * The `@tool()` functions of the `*.py` files in `directories` as a `ToolsBuilder` source: a Python
 * host process is started at `collect()` (see `loadPythonTools()`) and the set's `dispose()` stops it.
 * It lives in `chat-ts/python` so that the root entry never loads the Python host.
 *
 * @example
 * import { pythonTools } from 'chat-ts/python';
 * const tools = await new ToolsBuilder().add(new WeatherTools()).addSource(pythonTools('tools/')).collect();
 * try { ... } finally { await tools.dispose?.(); }
 */
export function pythonTools(directories: string | readonly string[], options?: PythonToolsOptions): ToolSource {
  const label = `python:${typeof directories === 'string' ? directories : directories.join(',')}`;
  return { label, load: () => loadPythonTools(directories, options) };
}
