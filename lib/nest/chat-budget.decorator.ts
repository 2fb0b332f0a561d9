import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { budgets } from '../budget/budgets.observer';
import type { BudgetsOptions } from '../budget/budget.types';
import { ChatBudgetInterceptor } from './chat-budget.interceptor';
import { CHAT_BUDGET_METADATA } from './constants';

/**
 * Spending limits for the chat runs a route starts (on a handler), or every route of a controller
 * (on the class; a handler's own `@ChatBudget()` wins). On a `@Toolset()` class (or one of its
 * `@Tool()` methods, whose own wins): every model request that offers one of its tools spends the
 * budget, whichever chat, route or caller sends it, and so does a chat run the tool itself starts.
 * Same options as `budgets()`: limits keyed by the call's `context`, a store (share it through
 * Redis with `RedisBudgetStore`), prices. A run the budget refuses ends with `BudgetExceededError`
 * (429 through `ChatErrorFilter`), nothing sent. The limits are checked when the class is defined
 * (a `ConfigurationError` at import). Budgets add up (a route's, a toolset's, the chat definition's
 * `observers`): none replaces another.
 *
 * @example
 * @Controller('reports')
 * class ReportsController {
 *   constructor(private readonly chat: NestChat) {}
 *   @Post()
 *   @ChatBudget<{ user: string }>({ limits: [{ name: 'reports-per-user', key: (c) => c.user, window: 'day', limit: 50_000 }] })
 *   async write(@Body('user') user: string) {
 *     return (await this.chat.complete('Write the report', { context: { user } })).text;
 *   }
 * }
 *
 * @Toolset()
 * @ChatBudget<{ user: string }>({ limits: [{ name: 'order-tools-per-user', key: (c) => c.user, window: 'day', limit: 200_000 }] })
 * @Injectable()
 * class OrderTools {
 *   constructor(private readonly orders: OrdersService) {}
 *
 *   @Tool({ description: 'Find an order by its id.' })
 *   findOrder(args: OrderIdArgs) {
 *     return this.orders.find(args.orderId);
 *   }
 * }
 */
export function ChatBudget<C = unknown>(options: BudgetsOptions<C>): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(CHAT_BUDGET_METADATA, budgets(options)), UseInterceptors(ChatBudgetInterceptor));
}
