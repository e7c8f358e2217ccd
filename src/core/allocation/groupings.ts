/** What allocation groups a portfolio's value by (a module of its own: the CLI declares the choice at start-up). */
export const ALLOCATION_GROUPINGS = ['symbol', 'class', 'sector', 'currency'] as const;
export type AllocationGrouping = (typeof ALLOCATION_GROUPINGS)[number];
