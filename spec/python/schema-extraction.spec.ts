import { loadPythonTools } from '../../lib/python/load-python-tools';
import type { PythonToolSet } from '../../lib/python/python-tool.set';
import { fixture, OutputRecorder, toolContext, toolNamed } from './python-test.helpers';

const point = {
  type: 'object',
  description: 'A point on the map.',
  properties: {
    x: { type: 'number', description: 'Horizontal position.' },
    y: { type: 'number', description: 'Vertical position.' },
    label: { type: ['string', 'null'] },
  },
  required: ['x', 'y'],
  additionalProperties: false,
};

function object(properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return { type: 'object', properties, required, additionalProperties: false };
}

describe('Python tool schemas from type hints and docstrings', () => {
  let tools: PythonToolSet;

  beforeAll(async () => {
    tools = await loadPythonTools(fixture('types'), { logger: new OutputRecorder().logger });
  });
  afterAll(() => tools.dispose());

  it('finds the decorated functions in file order', () => {
    expect(tools.tools.map((t) => t.name)).toEqual(['scalars', 'optionals', 'collections', 'choices', 'nested', 'documented']);
  });

  it('maps str, int, float and bool, all required without defaults', () => {
    expect(toolNamed(tools, 'scalars').parameters).toEqual(
      object({ text: { type: 'string' }, count: { type: 'integer' }, ratio: { type: 'number' }, flag: { type: 'boolean' } }, [
        'text',
        'count',
        'ratio',
        'flag',
      ]),
    );
  });

  it('makes Optional nullable and Union an anyOf; defaults are shown and not required', () => {
    expect(toolNamed(tools, 'optionals').parameters).toEqual(
      object(
        {
          name: { type: ['string', 'null'], default: null },
          size: { type: ['integer', 'null'], default: null },
          either: { anyOf: [{ type: 'integer' }, { type: 'string' }], default: 0 },
        },
        [],
      ),
    );
  });

  it('maps list[...] to arrays and dict[str, ...] to objects with additionalProperties', () => {
    expect(toolNamed(tools, 'collections').parameters).toEqual(
      object(
        {
          tags: { type: 'array', items: { type: 'string' } },
          matrix: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
          scores: { type: 'object', additionalProperties: { type: 'number' } },
          anything: { type: 'array' },
        },
        ['tags', 'matrix', 'scores', 'anything'],
      ),
    );
  });

  it('maps Literal and Enum to enums of their values (an Enum default shows its value)', () => {
    expect(toolNamed(tools, 'choices').parameters).toEqual(
      object(
        {
          mode: { type: 'string', enum: ['fast', 'slow'] },
          color: { type: 'string', enum: ['red', 'green'] },
          priority: { type: 'integer', enum: [1, 2], default: 1 },
        },
        ['mode', 'color'],
      ),
    );
  });

  it('describes nested dataclasses and TypedDicts (total=False: nothing required)', () => {
    expect(toolNamed(tools, 'nested').parameters).toEqual(
      object(
        {
          route: object({ start: point, stops: { type: 'array', items: point } }, ['start']),
          address: object({ street: { type: 'string' }, zip_code: { type: 'integer' } }, ['street', 'zip_code']),
          filters: object({ tags: { type: 'array', items: { type: 'string' } }, color: { type: 'string', enum: ['red', 'green'] } }, []),
        },
        ['route', 'address', 'filters'],
      ),
    );
  });

  it('takes the description from the docstring and parameter texts from its Args: section', () => {
    const documented = toolNamed(tools, 'documented');
    expect(documented.description).toBe('Forecast for a city.\n\nThe forecast comes from a table.');
    expect(documented.parameters).toEqual(
      object(
        {
          city: { type: 'string', description: 'The city to look up, continued on a second line.' },
          days: { type: 'integer', description: 'How many days.', default: 3 },
          unit: { type: 'string', description: 'Unit written in Annotated', default: 'metric' },
        },
        ['city'],
      ),
    );
  });

  it('turns JSON arguments into dataclass instances and Enum members before the call', async () => {
    const result = await toolNamed(tools, 'nested').execute(
      {
        route: { start: { x: 1, y: 2 }, stops: [{ x: 3, y: 4, label: 'a' }] },
        address: { street: 'Main', zip_code: 1000 },
        filters: { color: 'green' },
      },
      toolContext(),
    );
    expect(result).toEqual({ start_type: 'Point', stops: ['Point'], x: 1, street: 'Main', filter_color: 'GREEN' });
    await expect(toolNamed(tools, 'choices').execute({ mode: 'fast', color: 'red', priority: 2 }, toolContext())).resolves.toBe(
      'fast/RED/HIGH',
    );
    await expect(toolNamed(tools, 'optionals').execute({ name: null, either: 'x' }, toolContext())).resolves.toEqual({
      name: null,
      size: null,
      either: 'x',
    });
  });
});

describe('Python tool metadata and discovery options', () => {
  let tools: PythonToolSet;

  beforeAll(async () => {
    tools = await loadPythonTools([fixture('calls')], { logger: new OutputRecorder().logger });
  });
  afterAll(() => tools.dispose());

  it('turns decorator keyword arguments into camelCase metadata; name and description override', () => {
    const tool = toolNamed(tools, 'renamed_tool');
    expect(tool.description).toBe('A description given to the decorator.');
    expect(tool.metadata).toEqual({ requiresApproval: true, costTier: 2, tags: ['billing', 'slow'], approvalPolicy: 'admin' });
    expect(tool.source).toMatchObject({ functionName: 'with_metadata', isAsync: false });
    expect(tool.source.file).toBe(fixture('calls', 'behaviour_tools.py'));
    expect(tools.tools.some((t) => t.name === 'with_metadata' || t.name === 'helper_not_a_tool')).toBe(false);
  });

  it('accepts @tool without parentheses, with empty metadata', async () => {
    const tool = toolNamed(tools, 'bare_decorator');
    expect(tool.metadata).toEqual({});
    await expect(tool.execute({ text: 'abc' }, toolContext())).resolves.toBe('ABC');
  });

  it('marks async def tools', () => {
    expect(toolNamed(tools, 'async_sleepy').source.isAsync).toBe(true);
    expect(toolNamed(tools, 'sleepy').source.isAsync).toBe(false);
  });

  it('imports only the top directory by default, subdirectories with recursive, never _files', async () => {
    const flat = await loadPythonTools(fixture('recursive'), { logger: () => undefined });
    const deep = await loadPythonTools(fixture('recursive'), { recursive: true, logger: () => undefined });
    try {
      expect(flat.tools.map((t) => t.name)).toEqual(['top_tool']);
      expect(deep.tools.map((t) => t.name).sort()).toEqual(['deeper_tool', 'top_tool']);
      await expect(toolNamed(deep, 'deeper_tool').execute({}, toolContext())).resolves.toBe('deeper');
    } finally {
      await Promise.all([flat.dispose(), deep.dispose()]);
    }
  });
});
