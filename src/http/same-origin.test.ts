import { describe, expect, it } from 'vitest';
import { isCrossSite, type RequestOrigin } from './same-origin.js';

const post = (headers: Partial<RequestOrigin>): RequestOrigin => ({ method: 'POST', host: 'portal.example:8080', origin: undefined, secFetchSite: undefined, authorization: false, ...headers });

describe('isCrossSite', () => {
  it('trusts Fetch metadata when the browser sends it: same-origin and user-typed pass, same-site and cross-site do not', () => {
    expect(isCrossSite(post({ secFetchSite: 'same-origin' }))).toBe(false);
    expect(isCrossSite(post({ secFetchSite: 'none' }))).toBe(false);
    expect(isCrossSite(post({ secFetchSite: 'same-site', origin: 'http://portal.example:8080' }))).toBe(true);
    expect(isCrossSite(post({ secFetchSite: 'cross-site' }))).toBe(true);
  });

  it('compares Origin with Host when a browser sends no Fetch metadata, default ports included', () => {
    expect(isCrossSite(post({ origin: 'http://portal.example:8080' }))).toBe(false);
    expect(isCrossSite(post({ origin: 'http://PORTAL.example:8080' }))).toBe(false);
    expect(isCrossSite(post({ origin: 'https://portal.example', host: 'portal.example:443' }))).toBe(false);
    expect(isCrossSite(post({ origin: 'http://portal.example:9090' }))).toBe(true);
    expect(isCrossSite(post({ origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossSite(post({ origin: 'null' }))).toBe(true);
    expect(isCrossSite(post({ origin: 'not a url' }))).toBe(true);
  });

  it('lets through what no page of another site can send: safe methods, bearer requests, clients without Origin', () => {
    expect(isCrossSite({ ...post({ secFetchSite: 'cross-site' }), method: 'GET' })).toBe(false);
    expect(isCrossSite(post({ secFetchSite: 'cross-site', authorization: true }))).toBe(false);
    expect(isCrossSite(post({}))).toBe(false);
  });

  it('refuses every state-changing method alike', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) expect(isCrossSite({ ...post({ secFetchSite: 'cross-site' }), method })).toBe(true);
  });
});
