/** What a symbol looks like (AAPL, BRK.B, BTC-USD, ^GSPC), without zod: flag declarations load at start-up. */
export const SYMBOL = /^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$/;
export const SYMBOL_MESSAGE = 'expected a symbol such as AAPL, BRK.B or BTC-USD (letters, digits, . - = ^)';
