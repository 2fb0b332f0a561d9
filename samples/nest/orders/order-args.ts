import { IsNumber, IsPositive, Matches } from 'class-validator';

/** Arguments naming one order. */
export class OrderIdArgs {
  /** The order id, e.g. A-1001. */
  @Matches(/^[A-Z]-\d{4}$/) orderId!: string;
}

/** Arguments of a refund. */
export class RefundArgs extends OrderIdArgs {
  /** Amount to refund, in euros. */
  @IsNumber() @IsPositive() amount!: number;
}
