/**
 * An open lot inside the engine: mutable and exact (fixed-point values, see fixed-point.ts).
 * A partial sell only lowers `remaining`; the lot keeps what it was bought as (`bought` units
 * for `cost`, fees included), so no division is needed while replaying: the open cost of a lot
 * sold in part is worked out when it is read (`cost × remaining / bought`).
 */
export interface OpenLot {
  readonly date: string;
  readonly currency: string;
  /** Units bought (× every split since). */
  bought: bigint;
  /** Units still held (× every split since); 0 < remaining ≤ bought. */
  remaining: bigint;
  /** What the lot cost, fees included; a split leaves it unchanged. */
  cost: bigint;
}

/**
 * The open lots of one symbol, oldest first: an array with a moving head, so taking lots off the
 * front is O(1) and a long history of buys and sells does not shift arrays around.
 */
export class LotQueue {
  /** Lots before `head` are gone (undefined, so the garbage collector can have them). */
  private items: (OpenLot | undefined)[] = [];
  private head = 0;
  /** After `take`: the lot it used in part, null when it used only whole lots. */
  partial: OpenLot | null = null;

  /** The oldest open lot, or null. */
  peek(): OpenLot | null {
    return this.items[this.head] ?? null;
  }

  get isEmpty(): boolean {
    return this.head === this.items.length;
  }

  push(lot: OpenLot): void {
    this.items.push(lot);
  }

  /** The open lots, oldest first (the engine's own objects: read or rescale, don't keep). */
  open(): OpenLot[] {
    return this.items.slice(this.head) as OpenLot[];
  }

  /**
   * Takes `quantity` units off the oldest lots (the caller has checked that enough is held) and
   * returns the total cost of the lots used up whole; a lot used in part only loses units.
   */
  take(quantity: bigint): bigint {
    let wanted = quantity;
    let usedUp = 0n;
    this.partial = null;
    for (;;) {
      const lot = this.items[this.head]!;
      if (lot.remaining > wanted) {
        this.partial = lot;
        lot.remaining -= wanted;
        break;
      }
      usedUp += lot.cost;
      wanted -= lot.remaining;
      this.items[this.head++] = undefined;
      if (wanted === 0n) break;
    }
    this.compact();
    return usedUp;
  }

  /** Takes every open lot and returns their total cost. */
  takeAll(): bigint {
    let usedUp = 0n;
    for (let i = this.head; i < this.items.length; i++) usedUp += this.items[i]!.cost;
    this.items = [];
    this.head = 0;
    return usedUp;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
