export { addCost, costOf, findPrice, zeroCost } from './cost.calculator';
export type { PricedModel } from './cost.calculator';
export type { ModelPrice, PriceTable, TokenPrices } from './price-table.types';
export { validatePriceTable } from './price-table.validation';
export { usageMeter } from './usage-meter.observer';
export type { UsageMeterOptions, UsageReport } from './usage-meter.observer';
