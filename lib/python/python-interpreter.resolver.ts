import type { PythonInterpreterSource } from '../errors/python-interpreter.error';

/** The interpreter to run, and where its name came from (for error messages). */
export interface ResolvedInterpreter {
  readonly command: string;
  readonly source: PythonInterpreterSource;
  /** E.g. `"python3" on PATH`, `"/opt/py/bin/python" (CHAT_TS_PYTHON)`. */
  readonly description: string;
}

/**
 * Picks the Python interpreter: the explicit option, else `CHAT_TS_PYTHON`, else `python3` on PATH.
 *
 * @example
 * resolvePythonInterpreter(undefined, { CHAT_TS_PYTHON: '/usr/bin/python3.12' }).command; // '/usr/bin/python3.12'
 */
export function resolvePythonInterpreter(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedInterpreter {
  if (option && option.trim()) {
    return { command: option, source: 'option', description: `"${option}" (the interpreter option)` };
  }
  const fromEnv = env.CHAT_TS_PYTHON;
  if (fromEnv && fromEnv.trim()) {
    return { command: fromEnv, source: 'CHAT_TS_PYTHON', description: `"${fromEnv}" (CHAT_TS_PYTHON)` };
  }
  return { command: 'python3', source: 'PATH', description: '"python3" on PATH' };
}
