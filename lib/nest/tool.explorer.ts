import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { MethodToolDefinition } from '../tools/method-tool.definition';
import { inspectToolMethods } from '../tools/tool-method.inspector';
import type { RunObserver } from '../core/run-observer.types';
import { CHAT_BUDGET_METADATA, TOOLSET_METADATA } from './constants';
import { NestToolDefinition } from './nest-tool.definition';
import { ToolPipeline } from './tool-pipeline';
import type { ToolDefinition } from '../core/tool.types';
import { guardedTool } from './guarded-tool.factory';
import type { ToolsetMetadata } from './toolset.decorator';
import type { ChatModuleOptions } from './chat-module-options.types';
import { CHAT_MODULE_OPTIONS } from './chat.module-definition';
import { ToolValidationSource } from './tool-validation';
import type { ToolsetBudget } from './toolset-budget.observer';

/** The tools of one `@Toolset()` provider, bound to its instance. */
export interface DiscoveredToolset {
  readonly className: string;
  /** Chats that offer these tools. */
  readonly chats: readonly string[];
  readonly tools: readonly NestToolDefinition[];
  /** `@ChatBudget()` on the class or its tool methods (a method's own wins), with the tools each covers. */
  readonly budgets: readonly ToolsetBudget[];
}

type ClassRef = abstract new (...args: never[]) => unknown;

/**
 * Finds the `@Toolset()` providers of the application at bootstrap (DiscoveryService), lists their
 * `@Tool()` methods from the metadata `@Tool()` stores on each method (the same reader
 * `collectTools()` uses) and binds each to the DI instance through Nest's pipeline.
 * Request-scoped and transient providers are skipped with a warning: a tool is a singleton, and
 * reads its caller from `ToolContext.context`.
 */
@Injectable()
export class ChatToolExplorer {
  private readonly logger = new Logger('ChatToolExplorer');
  private readonly validation: ToolValidationSource;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly contextCreator: ExternalContextCreator,
    // optional: ChatMcpModule serves toolsets without ChatModule.forRoot (then no toolValidation applies)
    @Optional() @Inject(CHAT_MODULE_OPTIONS) options: ChatModuleOptions | undefined,
  ) {
    this.validation = new ToolValidationSource(options?.toolValidation, contextCreator);
  }

  /** Every `@Toolset()` provider's tools. Throws `ToolDefinitionError` / `NoExplicitTypeError` for a bad tool. */
  explore(): DiscoveredToolset[] {
    const seen = new Set<unknown>();
    const found: DiscoveredToolset[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.isAlias) continue;
      const classRef = this.classOf(wrapper);
      const metadata = classRef ? (Reflect.getMetadata(TOOLSET_METADATA, classRef) as ToolsetMetadata | undefined) : undefined;
      if (!classRef || !metadata) continue;
      const className = classRef.name || String(wrapper.name);
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        const scope = wrapper.isTransient ? 'transient' : 'request-scoped (or depends on a request-scoped provider)';
        this.logger.warn(`${className} is ${scope}: its @Tool() methods are not offered to any chat. Make it a singleton and read the caller from ToolContext.context.`);
        continue;
      }
      const instance = wrapper.instance as object | undefined;
      if (!instance || seen.has(instance)) continue;
      seen.add(instance);
      found.push({ className, chats: metadata.chats, ...this.toolsOf(classRef, instance, className, metadata.closedSchemas === true) });
    }
    return found;
  }

  /** A chat tool that is no `@Tool()` method (an MCP server's...) under the app-wide guards and interceptors. */
  guard(tool: ToolDefinition): NestToolDefinition {
    return guardedTool(this.contextCreator, tool);
  }

  private classOf(wrapper: InstanceWrapper): ClassRef | undefined {
    const instance = wrapper.instance as object | null | undefined;
    if (instance && typeof instance === 'object' && typeof instance.constructor === 'function' && instance.constructor !== Object) {
      return instance.constructor as ClassRef;
    }
    const metatype = wrapper.metatype as unknown;
    return typeof metatype === 'function' && !wrapper.isFactory ? (metatype as ClassRef) : undefined;
  }

  private toolsOf(classRef: ClassRef, instance: object, className: string, closed: boolean): Pick<DiscoveredToolset, 'tools' | 'budgets'> {
    const onClass = Reflect.getMetadata(CHAT_BUDGET_METADATA, classRef) as RunObserver | undefined;
    const budgets = new Map<RunObserver, string[]>();
    const tools = inspectToolMethods(instance).map((method) => {
      const definition = new MethodToolDefinition(method);
      const pipeline = new ToolPipeline(this.contextCreator, instance, method.record.methodName, definition.name);
      // a @ChatBudget() on the method wins over the class's
      const budget = (Reflect.getMetadata(CHAT_BUDGET_METADATA, method.method) as RunObserver | undefined) ?? onClass;
      if (budget) budgets.set(budget, [...(budgets.get(budget) ?? []), definition.name]);
      return new NestToolDefinition(definition, pipeline, instance, { closed, validation: this.validation });
    });
    this.logger.log(`${className}: ${tools.map((t) => t.name).join(', ')}`);
    return { tools, budgets: [...budgets].map(([budget, names]) => ({ budget, tools: names })) };
  }
}
