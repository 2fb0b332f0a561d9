import type { ToolSet } from '../core/tool.types';
import type { PythonHost } from './python-host';
import type { PythonToolDefinition } from './python-tool.definition';

/**
 * The tools found in Python files, with the host process that runs them. Pass it to `withTools()`;
 * call `dispose()` when done (the host also exits with the Node process).
 */
export class PythonToolSet implements ToolSet {
  constructor(
    readonly tools: readonly PythonToolDefinition[],
    /** Version reported by the interpreter, e.g. `3.11.7`. */
    readonly pythonVersion: string,
    private readonly host: PythonHost,
  ) {}

  /** OS pid of the running host, if one is running (a new host starts after a crash). */
  get pid(): number | undefined {
    return this.host.pid;
  }

  /** Stops the host; waiting calls fail with `AbortedError`. Resolves once the process is gone. */
  dispose(): Promise<void> {
    return this.host.dispose();
  }
}
