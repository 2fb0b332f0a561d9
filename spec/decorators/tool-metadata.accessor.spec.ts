import 'reflect-metadata';
import { getOwnToolMethods, getToolMethods, getToolOptions, Tool, TOOL_METADATA } from '../../lib/decorators';
import { collectTools } from '../../lib/tools';

describe('tool metadata (stored on the method by @Tool(), read by getToolMethods())', () => {
  it('keeps the options on the method function itself, and nowhere else', () => {
    class Clock {
      @Tool({ description: 'Time now' }) time(): string {
        return 'noon';
      }
      notATool(): void {}
    }
    const options = getToolOptions(Clock.prototype.time);
    expect(options).toEqual({ description: 'Time now' });
    expect(Reflect.getOwnMetadata(TOOL_METADATA, Clock.prototype.time)).toBe(options);
    expect(getToolOptions(Clock.prototype.notATool)).toBeUndefined();
    expect(getToolOptions('time')).toBeUndefined();
    expect(getOwnToolMethods(Clock)).toEqual([{ declaringClass: Clock, methodName: 'time', options }]);
  });

  it('lists inherited tools, a subclass re-declaring a method winning', () => {
    class Base {
      @Tool({ description: 'base' }) shared(): void {}
      @Tool() baseOnly(): void {}
    }
    class Child extends Base {
      @Tool({ description: 'child' }) override shared(): void {}
    }
    expect(getToolMethods(Child).map((t) => [t.methodName, t.options.description, t.declaringClass])).toEqual([
      ['shared', 'child', Child],
      ['baseOnly', undefined, Base],
    ]);
    expect(getOwnToolMethods(Child).map((t) => t.methodName)).toEqual(['shared']);
  });

  it('keeps the ancestor record for an override without @Tool(), and the override is what runs', async () => {
    class Base {
      @Tool({ description: 'greet' }) greet(): string {
        return 'base';
      }
    }
    class Child extends Base {
      override greet(): string {
        return 'child';
      }
    }
    expect(getToolMethods(Child).map((t) => [t.methodName, t.declaringClass])).toEqual([['greet', Base]]);
    const [tool] = collectTools(new Child()).tools;
    expect(await tool.execute(undefined, {} as never)).toBe('child');
  });

  it('never runs getters while listing, and finds nothing on a class without tools', () => {
    const getter = jest.fn(() => 1);
    class Plain {
      get value(): number {
        return getter();
      }
    }
    expect(getToolMethods(Plain)).toEqual([]);
    expect(getter).not.toHaveBeenCalled();
  });
});
