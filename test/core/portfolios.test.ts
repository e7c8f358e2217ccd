import { describe, expect, it } from 'vitest';
import { displayRef, parsePortfolioRef, requireAccess, roleAllows } from '../../src/core/portfolios/access.js';
import { validateCurrency, validateDescription, validatePortfolioName } from '../../src/core/portfolios/names.js';
import { formatTargets, parseTargets } from '../../src/core/portfolios/targets.js';
import type { PortfolioAccess, PortfolioAccessGrant, PortfolioRole } from '../../src/core/portfolios/types.js';
import { thrown } from '../helpers/errors.js';


describe('parseTargets', () => {
  it.each([
    // input, expected allocation (symbols upper-cased, weights canonical, order kept)
    ['AAPL=40,VTI=60', { AAPL: '40', VTI: '60' }],
    ['aapl=40, vti = 60', { AAPL: '40', VTI: '60' }],
    ['AAPL=40%,VTI=60%', { AAPL: '40', VTI: '60' }],
    ['VTI=100', { VTI: '100' }],
    ['VTI=100.000', { VTI: '100' }],
    // 33.3 + 33.3 + 33.4 = 100 exactly (in binary floats 33.3 + 33.3 + 33.4 is 99.99999999999999)
    ['A=33.3,B=33.3,C=33.4', { A: '33.3', B: '33.3', C: '33.4' }],
    // 0.1 + 0.2 + 99.7 = 100 exactly (floats: 0.1 + 0.2 = 0.30000000000000004)
    ['X=0.1,Y=0.2,Z=99.7', { X: '0.1', Y: '0.2', Z: '99.7' }],
    ['BRK.B=50,BTC-USD=25,^GSPC=25', { 'BRK.B': '50', 'BTC-USD': '25', '^GSPC': '25' }],
  ])('%s', (input, expected) => {
    const targets = parseTargets(input);
    expect(targets).toEqual(expected);
    expect(Object.keys(targets)).toEqual(Object.keys(expected));
  });

  it.each([
    // 40 + 59.5 = 99.5
    ['AAPL=40,VTI=59.5', /add up to 99\.5/],
    // 40 + 60.01 = 100.01
    ['AAPL=40,VTI=60.01', /add up to 100\.01/],
    ['AAPL=40,aapl=60', /AAPL appears twice/],
    ['AAPL=0,VTI=100', /greater than zero/],
    ['AAPL=-10,VTI=110', /greater than zero/],
    ['AAPL40,VTI=60', /"AAPL40" is not a target/],
    ['AAPL=,VTI=100', /"AAPL=" is not a target/],
    ['=40,VTI=60', /"=40" is not a target/],
    ['AAPL=abc,VTI=60', /"abc" is not a percentage/],
    ['AAPL=1e2', /"1e2" is not a percentage/],
    ['AAPL=40,,VTI=60', /Empty target/],
    ['AA PL=100', /not a target/],
    ['AAPL/X=100', /not a symbol/],
    ['', /No targets given/],
  ])('rejects %j', (input, message) => {
    const error = thrown(() => parseTargets(input));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(message);
  });

  it('formats back to the --target form', () => {
    expect(formatTargets(parseTargets('vti=60,aapl=40'))).toBe('VTI=60,AAPL=40');
  });
});

describe('names', () => {
  it.each([
    ['Retirement', 'Retirement'],
    ['  Kids college  ', 'Kids college'],
    ['Ünïcødé €', 'Ünïcødé €'],
    ['x'.repeat(64), 'x'.repeat(64)],
  ])('accepts %j', (input, expected) => {
    expect(validatePortfolioName(input)).toBe(expected);
  });

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['x'.repeat(65), /at most 64/],
    ['a/b', /must not contain "\/"/],
    ['-rf', /must not start with "-"/],
    ['tab\there', /control characters/],
  ])('rejects %j', (input, message) => {
    const error = thrown(() => validatePortfolioName(input));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(message);
  });

  it('upper-cases currencies and rejects anything but three letters', () => {
    expect(validateCurrency(' eur ')).toBe('EUR');
    expect(thrown(() => validateCurrency('EURO')).kind).toBe('usage');
    expect(thrown(() => validateCurrency('U$D')).kind).toBe('usage');
  });

  it('trims descriptions; empty means none', () => {
    expect(validateDescription('  long term ')).toBe('long term');
    expect(validateDescription('   ')).toBeNull();
    expect(validateDescription(undefined)).toBeNull();
    expect(thrown(() => validateDescription('x'.repeat(501))).kind).toBe('usage');
  });
});

describe('parsePortfolioRef', () => {
  it.each([
    ['Retirement', { kind: 'plain', text: 'Retirement' }],
    ['  Retirement ', { kind: 'plain', text: 'Retirement' }],
    ['4cfc9776-a0de-4792-9a01-01a114cc0a2e', { kind: 'plain', text: '4cfc9776-a0de-4792-9a01-01a114cc0a2e' }],
    ['Alice@Example.com/Retirement', { kind: 'owned', owner: 'alice@example.com', name: 'Retirement' }],
    ['alice@example.com/Kids college', { kind: 'owned', owner: 'alice@example.com', name: 'Kids college' }],
    ['alice@example.com/', { kind: 'owned', owner: 'alice@example.com', name: '' }],
    // no "@" before the slash: not an owner reference (names never contain "/", so this finds nothing)
    ['alice/Retirement', { kind: 'plain', text: 'alice/Retirement' }],
  ])('%j', (input, expected) => {
    expect(parsePortfolioRef(input)).toEqual(expected);
  });
});

describe('access rules', () => {
  const table: Array<[PortfolioRole, PortfolioAccess, boolean]> = [
    ['owner', 'read', true],
    ['owner', 'write', true],
    ['owner', 'manage', true],
    ['editor', 'read', true],
    ['editor', 'write', true],
    ['editor', 'manage', false],
    ['viewer', 'read', true],
    ['viewer', 'write', false],
    ['viewer', 'manage', false],
  ];
  it.each(table)('%s may %s: %s', (role, access, allowed) => {
    expect(roleAllows(role, access)).toBe(allowed);
  });

  const grant = (role: PortfolioRole): PortfolioAccessGrant => ({
    role,
    ownerEmail: 'alice@example.com',
    portfolio: {
      id: 'p1',
      userId: 'u1',
      name: 'Retirement',
      baseCurrency: 'USD',
      description: null,
      targets: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  });

  it('returns the grant when allowed', () => {
    const g = grant('editor');
    expect(requireAccess(g, 'write')).toBe(g);
  });

  it('a viewer asking to write is told they can only view (auth → exit 3)', () => {
    const error = thrown(() => requireAccess(grant('viewer'), 'write'));
    expect(error.kind).toBe('auth');
    expect(error.message).toBe('You can only view "Retirement" (shared by alice@example.com).');
  });

  it('an editor asking to manage is told only the owner can (auth → exit 3)', () => {
    const error = thrown(() => requireAccess(grant('editor'), 'manage'));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/Only the owner of "Retirement" \(alice@example.com\)/);
  });

  it('names shared portfolios by owner in messages', () => {
    expect(displayRef(grant('owner'))).toBe('Retirement');
    expect(displayRef(grant('viewer'))).toBe('alice@example.com/Retirement');
  });
});
