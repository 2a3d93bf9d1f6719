import { describe, expect, it } from 'vitest';
import { printerAddress } from './addresses.js';

describe('printerAddress', () => {
  it('counts up from the first address and skips .255 and .0', () => {
    expect(printerAddress('127.0.20.1', 0)).toBe('127.0.20.1');
    expect(printerAddress('127.0.20.1', 1)).toBe('127.0.20.2');
    expect(printerAddress('127.0.20.1', 253)).toBe('127.0.20.254');
    expect(printerAddress('127.0.20.1', 254)).toBe('127.0.21.1');
    expect(printerAddress('127.0.255.254', 1)).toBe('127.1.0.1');
  });

  it('gives every printer of a large fleet its own address', () => {
    const addresses = new Set(Array.from({ length: 5000 }, (_, i) => printerAddress('127.0.20.1', i)));
    expect(addresses.size).toBe(5000);
  });

  it('refuses anything but a loopback address', () => {
    expect(() => printerAddress('10.0.0.1', 0)).toThrow(/not a loopback/);
    expect(() => printerAddress('127.0.0', 0)).toThrow(/not a loopback/);
  });
});
