/**
 * Python tools: `@tool()`-decorated Python functions run by a standard-library-only host process.
 * @packageDocumentation
 */
export {
  loadPythonTools,
} from './load-python-tools';
export {
  PythonToolSet,
} from './python-tool.set';
export {
  PythonToolDefinition,
} from './python-tool.definition';
export type {
  PythonToolSource,
} from './python-tool.definition';
export {
  stderrPythonLogger,
} from './python-tools.options';
export type {
  PythonOutputLogger,
  PythonToolOutput,
  PythonToolsOptions,
} from './python-tools.options';
export {
  pythonPath,
} from './python-host.path';
export {
  resolvePythonInterpreter,
} from './python-interpreter.resolver';
export type {
  ResolvedInterpreter,
} from './python-interpreter.resolver';
export type {
  SchemaViolation,
} from './json-schema.validator';
export {
  PythonInterpreterError,
} from '../errors/python-interpreter.error';
export type {
  PythonInterpreterSource,
} from '../errors/python-interpreter.error';
export {
  PythonToolLoadError,
} from '../errors/python-tool-load.error';
export {
  PythonToolSchemaError,
} from '../errors/python-tool-schema.error';
export {
  PythonToolError,
} from '../errors/python-tool.error';
export {
  PythonToolArgumentsError,
} from '../errors/python-tool-arguments.error';
export {
  PythonHostCrashedError,
} from '../errors/python-host-crashed.error';
export {
  ToolNameClashError,
} from '../errors/tool-name-clash.error';
export {
  pythonTools,
} from './python-tool.source';
