import { isInvalidOptionError } from '@leanvibe/core/contracts';
import { describe, expect, it } from 'vitest';
import {
  canonicalHost,
  createHostMatcher,
  isHostAllowed,
  NET_FETCH_PERMISSION,
} from '../../src/index.js';

describe('canonicalHost', () => {
  it.each([
    ['API.Example.COM', 'api.example.com'],
    ['api.example.com.', 'api.example.com'],
    ['api.example.com:8443', 'api.example.com'],
    ['[::1]:8080', '::1'],
    ['[::FFFF:127.0.0.1]', '::ffff:7f00:1'],
    ['::1', '::1'],
    ['0x7f.1', '127.0.0.1'],
    ['2130706433:80', '127.0.0.1'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['  spaced.example  ', 'spaced.example'],
  ])('turns %j into %j', (host, canonical) => {
    expect(canonicalHost(host)).toBe(canonical);
  });

  it.each(['', '.', '[::1', 'a:b:c', '[nope]'])('gives "" for %j', (host) => {
    expect(canonicalHost(host)).toBe('');
  });
});

describe('createHostMatcher (the net:fetch host allow-list)', () => {
  const allowed = createHostMatcher(['api.example.com', '*.cdn.example.com', '10.0.0.5', '[::1]']);

  it('names the permission it answers', () => {
    expect(NET_FETCH_PERMISSION).toBe('net:fetch');
  });

  it.each([
    'api.example.com',
    'API.EXAMPLE.COM.',
    'api.example.com:443',
    'img.cdn.example.com',
    'a.b.cdn.example.com',
    '10.0.0.5',
    '012.0.0.5',
    '::1',
    '[::1]:3000',
  ])('allows %j', (host) => {
    expect(allowed(host)).toBe(true);
  });

  it.each([
    'cdn.example.com',
    'xcdn.example.com',
    'example.com',
    'api.example.com.evil.test',
    'evil.test/api.example.com',
    '10.0.0.6',
    '',
    '::2',
  ])('refuses %j', (host) => {
    expect(allowed(host)).toBe(false);
  });

  it('refuses something that is not a string', () => {
    expect(allowed(42 as unknown as string)).toBe(false);
  });

  it('matches IDN hosts in either form', () => {
    const idn = createHostMatcher(['*.bücher.example']);
    expect(idn('shop.xn--bcher-kva.example')).toBe(true);
    expect(idn('shop.bücher.example')).toBe(true);
  });

  it.each([
    [['*'], 'patterns[0]'],
    [['a.*.example'], 'patterns[0]'],
    [['ok.example', 'http://x.example/'], 'patterns[1]'],
    [['user@x.example'], 'patterns[0]'],
    [[''], 'patterns[0]'],
    [['*.127.0.0.1'], 'patterns[0]'],
    [[42], 'patterns[0]'],
  ])('refuses the pattern list %j, naming %s', (patterns, option) => {
    try {
      createHostMatcher(patterns as string[]);
      expect.unreachable();
    } catch (error) {
      expect(isInvalidOptionError(error)).toBe(true);
      expect((error as { option: string }).option).toBe(option);
    }
  });

  it('refuses a list that is not an array', () => {
    expect(() => createHostMatcher('api.example.com' as unknown as string[])).toThrow(
      /`patterns` must be an array/,
    );
  });

  it('answers once with isHostAllowed', () => {
    expect(isHostAllowed('files.example.com', ['*.example.com'])).toBe(true);
    expect(isHostAllowed('example.com', ['*.example.com'])).toBe(false);
  });
});
