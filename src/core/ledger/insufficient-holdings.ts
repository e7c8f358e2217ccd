import { FolioError } from '../errors.js';

/** A sell (or delivery out) of more than is held at its date: a usage error, nothing written. */
export class InsufficientHoldingsError extends FolioError {
  constructor(
    readonly symbol: string,
    readonly date: string,
    readonly held: string,
    readonly requested: string,
    action: 'sell' | 'transfer-out' = 'sell',
  ) {
    super('usage', `${action} of ${requested} ${symbol} on ${date} exceeds the ${held} held`, 'insufficient_holdings');
    this.name = 'InsufficientHoldingsError';
  }
}
