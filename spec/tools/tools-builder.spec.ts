import { IsString } from 'class-validator';
import type { JsonValue } from '../../lib/core/json.types';
import type { ToolDefinition } from '../../lib/core/tool.types';
import { Tool } from '../../lib/decorators';
import { ToolNameClashError } from '../../lib/errors';
import { configureSchemas, resetSchemaSettings } from '../../lib/schema';
import { ToolsBuilder, type ToolSource } from '../../lib/tools';

class EchoArgs {
  @IsString() text!: string;
}

class EchoTools {
  @Tool({ description: 'Echo text back.' })
  echo(args: EchoArgs): string {
    return args.text;
  }
}

function handMade(name: string): ToolDefinition {
  return {
    name,
    description: `${name} by hand`,
    parameters: { type: 'object', properties: {} },
    metadata: {},
    validate: async (args: JsonValue) => ({ ok: true, value: args }),
    execute: async () => name,
  };
}

/** A source that records its lifecycle, like a host process would. */
function recordingSource(label: string, names: string[], log: string[], fail?: Error): ToolSource {
  return {
    label,
    async load() {
      log.push(`load ${label}`);
      if (fail) throw fail;
      return { tools: names.map(handMade), dispose: async () => void log.push(`dispose ${label}`) };
    },
  };
}

describe('ToolsBuilder', () => {
  beforeAll(() => configureSchemas({ runtimeSchemaWarnings: false }));
  afterAll(() => resetSchemaSettings());

  it('collects instances, hand-made tools and async sources into one ToolSet, in order', async () => {
    const log: string[] = [];
    const set = await new ToolsBuilder()
      .add(new EchoTools())
      .addTools(handMade('manual'))
      .addSource(recordingSource('python:tools/', ['get_weather'], log))
      .collect();
    expect(set.tools.map((t) => t.name)).toEqual(['echo', 'manual', 'get_weather']);
    await expect(set.tools[0].execute((await set.tools[0].validate({ text: 'hi' }) as { value: unknown }).value, {
      context: undefined, signal: new AbortController().signal, messages: [], callId: 'c',
    })).resolves.toBe('hi');
    expect(log).toEqual(['load python:tools/']);
    await set.dispose?.();
    await set.dispose?.();
    expect(log).toEqual(['load python:tools/', 'dispose python:tools/']);
  });

  it('fails on a name clash across sources and disposes what was loaded', async () => {
    const log: string[] = [];
    const python: ToolSource = {
      label: 'python:tools/',
      load: async () => ({
        tools: [{ ...handMade('echo'), source: { file: 'tools/echo.py', line: 3, functionName: 'get_echo' } } as ToolDefinition],
        dispose: async () => void log.push('dispose python:tools/'),
      }),
    };
    const builder = new ToolsBuilder().add(new EchoTools()).addSource(python);
    await expect(builder.collect()).rejects.toThrow(
      new ToolNameClashError('Duplicate tool name "echo": EchoTools.echo and get_echo (tools/echo.py:3); rename one (e.g. @Tool({ name: \'...\' }))', {
        toolName: 'echo',
        sources: [],
      }),
    );
    expect(log).toEqual(['dispose python:tools/']);
  });

  it('rethrows a failing source after disposing the sources that did load', async () => {
    const log: string[] = [];
    const broken = new Error('python3 not found');
    const builder = new ToolsBuilder().addSource(recordingSource('a', ['one'], log)).addSource(recordingSource('b', ['two'], log, broken));
    await expect(builder.collect()).rejects.toBe(broken);
    expect(log).toEqual(['load a', 'load b', 'dispose a']);
  });

  it('reports instance problems at collect()', async () => {
    class Nothing {}
    await expect(new ToolsBuilder().add(new Nothing()).collect()).rejects.toThrow('Nothing has no @Tool() methods');
  });
});
