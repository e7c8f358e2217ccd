import type { Matrix, Vector } from './linear-algebra.js';

/** One merge of a linkage, as scipy writes it: the two cluster ids (smaller first), their distance and the new cluster's size. */
export interface Merge {
  left: number;
  right: number;
  distance: number;
  size: number;
}

/**
 * Single linkage exactly as scipy's `linkage(d, 'single')` does it, so the tree and the order of
 * every pair of children agree: Prim's minimum spanning tree from point 0 (ties go to the lowest
 * index), its edges stably sorted by length, then clusters labelled with a union-find (points are
 * 0..n−1, the k-th merge makes cluster n + k, and the smaller id of each pair comes first).
 * Not `ml-hclust`: its `agnes(…, {method: 'single'})` builds the same tree but lists each pair of
 * children the other way round, and HRP's bisection of the leaf order depends on that order; the
 * relabelling it would need is as long as this, and it would bring four packages.
 */
export function singleLinkage(distance: Matrix): Merge[] {
  const n = distance.length;
  const merged = new Array<boolean>(n).fill(false);
  const nearest = new Array<number>(n).fill(Infinity);
  const edges: Array<{ x: number; y: number; distance: number }> = [];
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    merged[x] = true;
    let y = 0;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      if (merged[i]) continue;
      if (nearest[i]! > distance[x]![i]!) nearest[i] = distance[x]![i]!;
      if (nearest[i]! < best) {
        best = nearest[i]!;
        y = i;
      }
    }
    edges.push({ x, y, distance: best });
    x = y;
  }
  edges.sort((a, b) => a.distance - b.distance); // Array#sort is stable, as scipy's mergesort
  const parent = Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const size = [...new Array<number>(n).fill(1), ...new Array<number>(n - 1).fill(0)];
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  return edges.map((edge, k) => {
    const [a, b] = [find(edge.x), find(edge.y)];
    const id = n + k;
    parent[a] = parent[b] = id;
    size[id] = size[a]! + size[b]!;
    return { left: Math.min(a, b), right: Math.max(a, b), distance: edge.distance, size: size[id]! };
  });
}

/** The leaves in the order scipy's `to_tree(link).pre_order()` visits them (left child first): the quasi-diagonal order. */
export function quasiDiagonalOrder(merges: Merge[], n: number): number[] {
  if (n === 1) return [0];
  const order: number[] = [];
  const visit = (id: number) => {
    if (id < n) order.push(id);
    else {
      visit(merges[id - n]!.left);
      visit(merges[id - n]!.right);
    }
  };
  visit(2 * n - 2);
  return order;
}

/** The variance of a cluster held at inverse-variance weights. */
function clusterVariance(cov: Matrix, items: number[]): number {
  const inverse = items.map((i) => 1 / cov[i]![i]!);
  const total = inverse.reduce((s, v) => s + v, 0);
  const w = inverse.map((v) => v / total);
  let variance = 0;
  items.forEach((i, a) => items.forEach((j, b) => (variance += w[a]! * cov[i]![j]! * w[b]!)));
  return variance;
}

/**
 * Hierarchical risk parity (López de Prado, "Building Diversified Portfolios that Outperform Out
 * of Sample", 2016), as PyPortfolioOpt's `HRPOpt.optimize()`: correlation distance
 * d_ij = √((1 − ρ_ij) / 2), single linkage, leaves in quasi-diagonal order, then recursive
 * bisection of that ordered list: each half gets α = 1 − V₁/(V₁ + V₂) of its parent's weight,
 * V the variance of the half at inverse-variance weights.
 */
export function hierarchicalRiskParity(cov: Matrix): Vector {
  const n = cov.length;
  const sd = cov.map((row, i) => Math.sqrt(row[i]!));
  const distance = cov.map((row, i) => row.map((c, j) => Math.sqrt(Math.min(1, Math.max(0, (1 - c / (sd[i]! * sd[j]!)) / 2)))));
  for (let i = 0; i < n; i++) distance[i]![i] = 0;
  const order = quasiDiagonalOrder(singleLinkage(distance), n);
  const weights = new Array<number>(n).fill(1);
  let clusters = [order];
  while (clusters.length > 0) {
    clusters = clusters.filter((c) => c.length > 1).flatMap((c) => [c.slice(0, c.length >> 1), c.slice(c.length >> 1)]);
    for (let i = 0; i < clusters.length; i += 2) {
      const [first, second] = [clusters[i]!, clusters[i + 1]!];
      const [v1, v2] = [clusterVariance(cov, first), clusterVariance(cov, second)];
      const alpha = 1 - v1 / (v1 + v2);
      for (const k of first) weights[k]! *= alpha;
      for (const k of second) weights[k]! *= 1 - alpha;
    }
  }
  return weights;
}
