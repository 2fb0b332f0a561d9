import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable } from 'rxjs';
import type { RunObserver } from '../core/run-observer.types';
import { CHAT_BUDGET_METADATA } from './constants';
import { routeBudgetScope } from './route-budget.scope';

/**
 * Runs a `@ChatBudget()` route's handler, and the subscription to what it returns (an SSE stream),
 * inside the route's budget scope, so every chat run the handler starts spends that budget. On a
 * `@Toolset()` the same holds for a tool's method: the chat runs the tool starts spend the toolset's
 * budget (on top of the route's). Applied by `@ChatBudget()` itself.
 */
@Injectable()
export class ChatBudgetInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const budget = this.reflector.getAllAndOverride<RunObserver | undefined>(CHAT_BUDGET_METADATA, [context.getHandler(), context.getClass()]);
    const outer = routeBudgetScope.getStore() ?? [];
    if (!budget || outer.includes(budget)) return next.handle();
    // nested scopes add up: a toolset's tool run inside a budgeted route spends both budgets
    return new Observable((subscriber) => routeBudgetScope.run([...outer, budget], () => next.handle().subscribe(subscriber)));
  }
}
