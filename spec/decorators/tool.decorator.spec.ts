import 'reflect-metadata';
import { DecoratorUsageError, ToolNameClashError } from '../../lib/errors';
import { collectTools } from '../../lib/tools';
import { getOwnToolMethods, Tool, TOOL_METADATA, type ToolOptions } from '../../lib/decorators';

/** Applies `@Tool()` the way the compiler does, to a fresh class. */
function decorate(options: unknown, member = 'run', setup?: (cls: { prototype: object }) => void): void {
  class Sample {
    run(): void {}
    $bad(): void {}
  }
  setup?.(Sample);
  Tool(options as ToolOptions)(Sample.prototype, member, Object.getOwnPropertyDescriptor(Sample.prototype, member) as PropertyDescriptor);
}

describe('@Tool()', () => {
  it('records the method and its options (no defining file), and marks the method with metadata', () => {
    class Tools {
      @Tool({ name: 'get_time', description: 'Time now', metadata: { costTier: 1, tags: ['clock'] } })
      time(): string {
        return 'noon';
      }
    }
    const [record] = getOwnToolMethods(Tools);
    expect(record).toMatchObject({ declaringClass: Tools, methodName: 'time' });
    expect(record).not.toHaveProperty('file');
    expect(record.options).toEqual({ name: 'get_time', description: 'Time now', metadata: { costTier: 1, tags: ['clock'] } });
    expect(Reflect.getMetadata(TOOL_METADATA, Tools.prototype.time)).toBe(record.options);
  });

  it('throws at class definition for bad usage, naming decorator, class and member', () => {
    const cases: [unknown, string, string][] = [
      [{ name: 'bad name!' }, 'run', '@Tool() on Sample.run: tool name "bad name!" must match /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/'],
      [undefined, '$bad', '@Tool() on Sample.$bad: tool name "$bad" must match'],
      [{ name: 'x'.repeat(65) }, 'run', 'must match'],
      [{ description: 42 }, 'run', '@Tool() on Sample.run: description must be a string, got number 42'],
      [{ metadata: { when: new Date() } }, 'run', '@Tool() on Sample.run: metadata.when is not a JSON value'],
      [{ metadata: [1] }, 'run', 'metadata must be an object, got an array'],
      [{ requiresApproval: 'yes' }, 'run', 'requiresApproval must be a boolean, got "yes"'],
      [{ args: 'WeatherArgs' }, 'run', 'args must be a function returning the arguments class'],
      [{ approval: true }, 'run', '@Tool() on Sample.run: unknown option(s) approval; put free data under "metadata"'],
      ['run', 'run', '@Tool() on Sample.run: options must be an object, got "run"'],
    ];
    for (const [options, member, message] of cases) {
      let error: unknown;
      try {
        decorate(options, member);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DecoratorUsageError);
      expect((error as Error).message).toContain(message);
    }
  });

  it('refuses static methods, properties and accessors', () => {
    class Holder {
      static run(): void {}
      get value(): number {
        return 1;
      }
    }
    expect(() => Tool()(Holder, 'run', Object.getOwnPropertyDescriptor(Holder, 'run')!)).toThrow(
      '@Tool() on Holder.run: tools must be instance methods, not static methods',
    );
    expect(() => Tool()(Holder.prototype, 'value', Object.getOwnPropertyDescriptor(Holder.prototype, 'value')!)).toThrow(
      '@Tool() on Holder.value: must decorate a method (not a property or accessor)',
    );
    expect(() => (Tool() as unknown as PropertyDecorator)(Holder.prototype, 'field')).toThrow('must decorate a method');
  });

  it('refuses a method decorated twice', () => {
    expect(() => decorate(undefined, 'run', (cls) => Tool()(cls.prototype, 'run', Object.getOwnPropertyDescriptor(cls.prototype, 'run')!))).toThrow(
      '@Tool() on Sample.run: applied twice',
    );
  });

  it('only records two methods with one tool name: the one name check fails them when collected, with ToolNameClashError', () => {
    class Clash {
      @Tool({ name: 'lookup', description: 'first' }) first(): void {}
      @Tool({ name: 'lookup', description: 'second' }) second(): void {}
    }
    expect(getOwnToolMethods(Clash).map((r) => r.methodName)).toEqual(['first', 'second']);
    const error = (() => {
      try {
        collectTools(new Clash());
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ToolNameClashError);
    expect(error).toMatchObject({ toolName: 'lookup', sources: ['Clash.first', 'Clash.second'] });
    expect((error as Error).message).toBe('Duplicate tool name "lookup": Clash.first and Clash.second; rename one (e.g. @Tool({ name: \'...\' }))');
  });
});
