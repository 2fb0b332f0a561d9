import { Injectable, UseGuards, UseInterceptors } from '@nestjs/common';
import type { ToolContext } from '../../../lib/core';
import { Tool } from '../../../lib/decorators';
import { Toolset } from '../../../lib/nest';
import { AuditInterceptor } from '../audit/audit.interceptor';
import type { ChatCallContext } from '../auth/caller';
import { Roles } from '../auth/roles.decorator';
import { RolesGuard } from '../auth/roles.guard';
import { OrderIdArgs, RefundArgs } from './order-args';
import { OrdersService } from './orders.service';

/**
 * The chat's tools: plain methods of an injectable service, using another injected service. Every
 * call is audited (class interceptor); internal notes and refunds are for support staff (guard),
 * and each refund waits for a manager's approval.
 */
@Toolset()
@Injectable()
@UseInterceptors(AuditInterceptor)
export class OrderTools {
  constructor(private readonly orders: OrdersService) {}

  @Tool({ name: 'find_order', description: 'Look up an order: item, total and status.' })
  findOrder(args: OrderIdArgs) {
    const order = this.orders.find(args.orderId);
    if (!order) throw new Error(`There is no order ${args.orderId}`);
    return { id: order.id, item: order.item, total: order.total, status: order.status, refunded: order.refunded };
  }

  @Tool({ name: 'order_notes', description: 'Internal notes on an order (support staff only).' })
  @UseGuards(RolesGuard)
  @Roles('support')
  orderNotes(args: OrderIdArgs) {
    return this.orders.find(args.orderId)?.notes ?? 'No notes.';
  }

  @Tool({ name: 'refund_order', description: 'Refund part or all of an order, in euros. A manager approves each refund.', requiresApproval: true })
  @UseGuards(RolesGuard)
  @Roles('support')
  refundOrder(args: RefundArgs, context: ToolContext<ChatCallContext>) {
    const order = this.orders.refund(args.orderId, args.amount);
    return { id: order.id, refunded: order.refunded, status: order.status, by: context.context.caller.id };
  }
}
