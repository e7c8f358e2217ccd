/** A step series read forward in time: `at(date)` is the last point on or before `date` (dates must not go back). */
export class Cursor<T extends { date: string }> {
  private index = -1;

  constructor(readonly points: readonly T[]) {}

  at(date: string): T | null {
    const points = this.points;
    while (this.index + 1 < points.length && points[this.index + 1]!.date <= date) this.index++;
    return this.index < 0 ? null : points[this.index]!;
  }

  get first(): T | null {
    return this.points[0] ?? null;
  }
}
