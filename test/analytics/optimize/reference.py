#!/usr/bin/env python3
"""Independent reference weights for `folio optimize`, following PyPortfolioOpt's definitions.

PyPortfolioOpt itself (and pandas, scikit-learn, cvxpy) is not installable here, so its
definitions are re-implemented with numpy and scipy, deliberately by other routes than folio's
TypeScript where a choice exists:
  - expected returns: (prod(1 + r))^(252/n) - 1 (mean_historical_return, compounding)
  - covariance: np.cov(returns) * 252 (sample_cov), or scikit-learn's ledoit_wolf on the
    demeaned returns * 252 (CovarianceShrinkage.ledoit_wolf, constant-variance target)
  - min volatility, target return: SLSQP on w'Sw (folio: quadprog)
  - max Sharpe: SLSQP on the Sharpe ratio itself, no reformulation (folio: the convex reformulation)
  - target volatility: SLSQP maximising mu'w with w'Sw <= target^2 (folio: bisection on the frontier)
  - risk parity: scipy.optimize.root on w_i (Sw)_i = 1/n in log variables (folio: Newton on Spinu's function)
  - HRP: scipy.cluster.hierarchy single linkage and to_tree().pre_order(), HRPOpt's bisection
Closes come from fixtures/prices.csv, aligned on the dates where every symbol has one, converted
to USD at the fixtures/fx.csv rate of the day (the last one on or before it).

Run: python3 test/analytics/optimize/reference.py > test/analytics/optimize/reference.json
"""
import csv
import json
import os
import bisect

import numpy as np
from scipy.optimize import minimize, root
from scipy.cluster import hierarchy as sch
from scipy.spatial.distance import squareform

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', '..')
CASES = [
    {'name': 'five-usd-sample', 'symbols': ['AAPL', 'BND', 'GLD', 'JNJ', 'MSFT'], 'from': '2020-01-01', 'to': '2022-12-31',
     'covariance': 'sample', 'lower': 0.0, 'upper': 1.0, 'riskFree': 0.02, 'targetReturn': 0.03, 'targetVolatility': 0.15},
    {'name': 'five-usd-ledoit-wolf-bounded', 'symbols': ['AAPL', 'BND', 'GLD', 'JNJ', 'MSFT'], 'from': '2020-01-01', 'to': '2022-12-31',
     'covariance': 'ledoit-wolf', 'lower': 0.05, 'upper': 0.4, 'riskFree': 0.0, 'targetReturn': 0.0, 'targetVolatility': 0.14},
    {'name': 'eight-mixed-currencies', 'symbols': ['ASML.AS', 'AZN.L', 'BTC-USD', 'KO', 'QQQ', 'SAP.DE', 'VTI', 'XLE'],
     'from': '2023-01-01', 'to': '2025-06-30', 'covariance': 'ledoit-wolf', 'lower': 0.0, 'upper': 0.3, 'riskFree': 0.03,
     'targetReturn': 0.6, 'targetVolatility': 0.16},
    {'name': 'twelve-usd-sample', 'symbols': ['AMZN', 'GOOGL', 'JPM', 'NVDA', 'PG', 'UNH', 'V', 'XLF', 'XLK', 'XLV', 'XOM', 'BND'],
     'from': '2016-06-01', 'to': '2019-12-31', 'covariance': 'sample', 'lower': 0.0, 'upper': 1.0, 'riskFree': 0.01,
     'targetReturn': 0.2, 'targetVolatility': 0.12},
]
FRONTIER_POINTS = 5


def read_csv(name):
    with open(os.path.join(ROOT, 'fixtures', name), newline='') as f:
        return list(csv.DictReader(f))


def load_market():
    closes, currency = {}, {}
    for row in read_csv('prices.csv'):
        closes.setdefault(row['symbol'], {})[row['date']] = float(row['close'])
        currency[row['symbol']] = row['currency']
    rates = {}
    for row in read_csv('fx.csv'):
        rates.setdefault(row['base'], []).append((row['date'], float(row['rate'])))
    for series in rates.values():
        series.sort()
    return closes, currency, rates


def usd_rate(rates, code, date):
    if code == 'USD':
        return 1.0
    series = rates[code]
    i = bisect.bisect_right([d for d, _ in series], date) - 1
    return series[i][1]


def aligned_closes(market, case):
    closes, currency, rates = market
    dates = sorted(set.intersection(*[{d for d in closes[s] if case['from'] <= d <= case['to']} for s in case['symbols']]))
    matrix = np.array([[closes[s][d] * usd_rate(rates, currency[s], d) for s in case['symbols']] for d in dates])
    return dates, matrix


def ledoit_wolf(x):
    # scikit-learn's ledoit_wolf / ledoit_wolf_shrinkage (assume_centered=False), written out.
    n, p = x.shape
    x = x - x.mean(axis=0)
    emp_cov = x.T @ x / n
    mu = np.trace(emp_cov) / p
    x2 = x ** 2
    emp_cov_trace = x2.sum(axis=0) / n
    delta_ = np.sum((x.T @ x) ** 2) / n ** 2
    beta_ = np.sum(x2.T @ x2)
    beta = 1.0 / (p * n) * (beta_ / n - delta_)
    delta = (delta_ - 2.0 * mu * emp_cov_trace.sum() + p * mu ** 2) / p
    beta = min(beta, delta)
    shrinkage = 0 if beta == 0 else beta / delta
    return (1 - shrinkage) * emp_cov + shrinkage * mu * np.eye(p), shrinkage


def slsqp(fun, jac, n, bounds, constraints, start=None):
    w0 = np.full(n, 1.0 / n) if start is None else start
    cons = [{'type': 'eq', 'fun': lambda w: np.sum(w) - 1, 'jac': lambda w: np.ones(n)}] + constraints
    result = minimize(fun, w0, jac=jac, method='SLSQP', bounds=[bounds] * n, constraints=cons,
                      options={'ftol': 1e-16, 'maxiter': 2000})
    return result.x


def min_volatility(S, bounds):
    n = len(S)
    return slsqp(lambda w: 1e4 * w @ S @ w, lambda w: 2e4 * S @ w, n, bounds, [])


def efficient_return(mu, S, bounds, target):
    n = len(S)
    con = {'type': 'ineq', 'fun': lambda w: 1e2 * (mu @ w - target), 'jac': lambda w: 1e2 * mu}
    return slsqp(lambda w: 1e4 * w @ S @ w, lambda w: 2e4 * S @ w, n, bounds, [con])


def efficient_risk(mu, S, bounds, target):
    n = len(S)
    con = {'type': 'ineq', 'fun': lambda w: 1e4 * (target ** 2 - w @ S @ w), 'jac': lambda w: -2e4 * S @ w}
    return slsqp(lambda w: -1e2 * mu @ w, lambda w: -1e2 * mu, n, bounds, [con], start=min_volatility(S, bounds))


def max_sharpe(mu, S, bounds, rf):
    n = len(S)

    def negative_sharpe(w):
        return -(mu @ w - rf) / np.sqrt(w @ S @ w)

    def gradient(w):
        vol = np.sqrt(w @ S @ w)
        return -(mu * vol - (mu @ w - rf) * (S @ w) / vol) / vol ** 2

    return slsqp(negative_sharpe, gradient, n, bounds, [])


def risk_parity(S):
    n = len(S)
    # y_i (S y)_i = 1/n with y = exp(z) > 0; w = y / sum(y).
    solution = root(lambda z: np.exp(z) * (S @ np.exp(z)) - 1.0 / n, np.log(np.sqrt(1.0 / n / np.diag(S))),
                    method='hybr', tol=1e-14)
    y = np.exp(solution.x)
    return y / y.sum()


def hrp(S, from_returns):
    sd = np.sqrt(np.diag(S))
    corr = S / np.outer(sd, sd)
    if not from_returns:
        corr = corr.round(6)  # HRPOpt(cov_matrix=...) rounds cov_to_corr to 6 places
    dist = squareform(np.sqrt(np.clip((1.0 - corr) / 2.0, 0.0, 1.0)), checks=False)
    order = sch.to_tree(sch.linkage(dist, 'single'), rd=False).pre_order()
    w = np.ones(len(S))
    clusters = [order]
    while clusters:
        clusters = [c[j:k] for c in clusters for j, k in ((0, len(c) // 2), (len(c) // 2, len(c))) if len(c) > 1]
        for i in range(0, len(clusters), 2):
            first, second = clusters[i], clusters[i + 1]
            variances = []
            for items in (first, second):
                sub = S[np.ix_(items, items)]
                iv = 1 / np.diag(sub)
                iv /= iv.sum()
                variances.append(iv @ sub @ iv)
            alpha = 1 - variances[0] / (variances[0] + variances[1])
            w[first] *= alpha
            w[second] *= 1 - alpha
    return w


def figures(mu, S, w, rf):
    ret, vol = float(mu @ w), float(np.sqrt(w @ S @ w))
    return {'weights': [float(x) for x in w], 'expectedReturn': ret, 'volatility': vol, 'sharpe': (ret - rf) / vol}


def run(market, case):
    dates, closes = aligned_closes(market, case)
    returns = closes[1:] / closes[:-1] - 1
    n = len(returns)
    mu = np.prod(1 + returns, axis=0) ** (252 / n) - 1
    if case['covariance'] == 'sample':
        S, shrinkage = np.cov(returns, rowvar=False) * 252, 0.0
    else:
        shrunk, shrinkage = ledoit_wolf(returns)
        S = shrunk * 252
    bounds, rf = (case['lower'], case['upper']), case['riskFree']
    weights = {
        'min-volatility': min_volatility(S, bounds),
        'max-sharpe': max_sharpe(mu, S, bounds, rf),
        'target-return': efficient_return(mu, S, bounds, case['targetReturn']),
        'target-volatility': efficient_risk(mu, S, bounds, case['targetVolatility']),
        'risk-parity': risk_parity(S),
        'hrp': hrp(S, case['covariance'] == 'sample'),
    }
    low = float(mu @ weights['min-volatility'])
    high = float(mu @ efficient_risk(mu, S, bounds, 10.0))  # the highest attainable return
    frontier = [weights['min-volatility']] + [efficient_return(mu, S, bounds, low + (high - low) * i / (FRONTIER_POINTS - 1))
                                              for i in range(1, FRONTIER_POINTS)]
    return {
        **case,
        'firstDate': dates[0], 'lastDate': dates[-1], 'closes': len(dates),
        'mu': [float(x) for x in mu], 'cov': [[float(x) for x in row] for row in S], 'shrinkage': float(shrinkage),
        'results': {k: figures(mu, S, w, rf) for k, w in weights.items()},
        'frontier': [figures(mu, S, w, rf) for w in frontier],
    }


if __name__ == '__main__':
    market = load_market()
    print(json.dumps({'numpy': np.__version__, 'cases': [run(market, case) for case in CASES]}, indent=1))
