/**
 * Python tools: `@tool()`-decorated Python functions run by a standard-library-only host process.
 * @packageDocumentation
 */
export * from './load-python-tools';
export * from './python-tool.source';
export * from './python-tool.set';
export * from './python-tool.definition';
export * from './python-tools.options';
export * from './python-host.path';
export * from './python-interpreter.resolver';
export * from './json-schema.validator';
export * from '../errors/python-interpreter.error';
export * from '../errors/python-tool-load.error';
export * from '../errors/python-tool-schema.error';
export * from '../errors/python-tool.error';
export * from '../errors/python-tool-arguments.error';
export * from '../errors/python-host-crashed.error';
export * from '../errors/tool-name-clash.error';
