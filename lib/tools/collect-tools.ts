import type { ToolSet } from '../core/tool.types';
import { MethodToolDefinition } from './method-tool.definition';
import { inspectToolMethods } from './tool-method.inspector';
import { assertUniqueToolNames } from '../chat/tool-names.check';

/**
 * Gathers the `@Tool()` methods of instances, bound to them, into a `ToolSet` for
 * `ChatBuilder.withTools()`.
 *
 * @example
 * const tools = collectTools(new WeatherTools(), new CalendarTools(calendarService));
 * const chat = new ChatBuilder().withModel(provider).withTools(tools).build();
 * @throws ToolNameClashError when two tools share a name (within a class or across them).
 * @throws ToolDefinitionError for wrong parameter shapes, or instances without tools.
 * @throws NoExplicitTypeError when an arguments schema cannot be told.
 */
export function collectTools(...instances: object[]): ToolSet {
  const tools = instances.flatMap((instance) => inspectToolMethods(instance).map((method) => new MethodToolDefinition(method)));
  assertUniqueToolNames(tools);
  return { tools };
}
