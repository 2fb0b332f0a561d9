import { Injectable } from '@nestjs/common';

/** An order of the sample shop. */
export interface Order {
  readonly id: string;
  readonly customer: string;
  readonly item: string;
  readonly total: number;
  status: 'processing' | 'shipped' | 'refunded';
  refunded: number;
  readonly notes: string;
}

/** The shop's orders (a repository in a real app), injected into the chat's tools. */
@Injectable()
export class OrdersService {
  private readonly orders = new Map<string, Order>(
    [
      { id: 'A-1001', customer: 'alice', item: 'mechanical keyboard', total: 89, status: 'shipped' as const, refunded: 0, notes: 'Customer asked for gift wrapping.' },
      { id: 'A-1002', customer: 'alice', item: 'USB-C dock', total: 149, status: 'processing' as const, refunded: 0, notes: 'Back-ordered until next week.' },
    ].map((order) => [order.id, order]),
  );

  find(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /** Refunds part of an order; the whole total at most. */
  refund(id: string, amount: number): Order {
    const order = this.orders.get(id);
    if (!order) throw new Error(`No order ${id}`);
    if (order.refunded + amount > order.total) throw new Error(`Refunding ${amount} would exceed the order total of ${order.total}`);
    order.refunded += amount;
    if (order.refunded === order.total) order.status = 'refunded';
    return order;
  }
}
