import { ChatError } from '../errors/chat.error';
import { ConfigurationError } from '../errors/configuration.error';
import { PythonToolLoadError } from '../errors/python-tool-load.error';
import { PythonToolSchemaError } from '../errors/python-tool-schema.error';
import { ToolNameClashError } from '../errors/tool-name-clash.error';
import type { HostProblem } from './host-protocol.types';

function where(file: string | undefined, line: number | null | undefined): string {
  return `${file ?? '<unknown file>'}${line ? `:${line}` : ''}`;
}

function describe(problem: HostProblem): string {
  switch (problem.kind) {
    case 'syntax':
    case 'import': {
      const via = problem.importedFrom ? ` (imported by ${problem.importedFrom})` : '';
      return `Python tool file ${where(problem.file, problem.line)}${via} failed to import: ${problem.exceptionType ?? 'Error'}: ${problem.message}`;
    }
    case 'schema':
      return `Python tool function ${problem.function ?? '?'} (${where(problem.file, problem.line)}): ${problem.message}`;
    case 'clash':
      return `Python tools: ${problem.message}`;
    case 'directory':
      return `Python tools directory: ${problem.message}`;
  }
}

/**
 * Turns what discovery reported into one typed error: the class of the first problem, its message
 * followed by the others so one run shows everything to fix.
 */
export function errorFromHostProblems(problems: readonly HostProblem[]): ChatError {
  const [first, ...others] = problems;
  const more = others.length ? `\n  and ${others.length} more:\n${others.map((p) => `  - ${describe(p)}`).join('\n')}` : '';
  const message = `${describe(first)}${more}`;
  const details = problems.map((p) => ({ kind: p.kind, message: describe(p) }));
  switch (first.kind) {
    case 'syntax':
    case 'import':
      return new PythonToolLoadError(message, {
        kind: first.kind,
        file: first.file ?? '',
        line: first.line ?? undefined,
        exceptionType: first.exceptionType ?? 'Error',
        importedFrom: first.importedFrom,
        pythonTraceback: first.traceback,
        details,
      });
    case 'schema':
      return new PythonToolSchemaError(message, {
        functionName: first.function ?? '',
        parameter: first.parameter ?? undefined,
        file: first.file ?? '',
        line: first.line ?? undefined,
        details,
      });
    case 'clash':
      return new ToolNameClashError(message, { toolName: first.name ?? '', sources: first.files ?? [], details });
    case 'directory':
      return new ConfigurationError(message, { details });
  }
}
