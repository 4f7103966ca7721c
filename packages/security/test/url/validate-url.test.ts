import dns from 'node:dns';
import {
  isInvalidArgumentError,
  isInvalidOptionError,
  isPluginSecurityError,
  type PluginSecurityError,
} from '@leanvibe/core/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createUrlValidator,
  DEFAULT_DENIED_ADDRESSES,
  DEFAULT_DENIED_HOSTS,
  type LookupFunction,
  SSRF_CODES,
  systemLookup,
  validateUrl,
} from '../../src/index.js';

const PUBLIC = '93.184.215.14';
const publicLookup: LookupFunction = async () => [{ address: PUBLIC, family: 4 }];
const staticLookup =
  (...addresses: string[]): LookupFunction =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(promise: Promise<unknown>): Promise<PluginSecurityError> {
  try {
    await promise;
  } catch (error) {
    expect(isPluginSecurityError(error)).toBe(true);
    return error as PluginSecurityError;
  }
  throw new Error('expected a refusal');
}

describe('validateUrl', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('resolves to the parsed URL when the host and every address are public', async () => {
    const url = await validateUrl('https://api.example.com/v1?q=1', { lookup: publicLookup });
    expect(url).toBeInstanceOf(URL);
    expect(url.href).toBe('https://api.example.com/v1?q=1');
  });

  it('accepts a URL object and returns a copy', async () => {
    const input = new URL('http://8.8.8.8/');
    const url = await validateUrl(input);
    expect(url.href).toBe(input.href);
    expect(url).not.toBe(input);
  });

  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://127.1/',
    'http://127.0.0.1./',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::FFFF:127.0.0.1]/',
    'http://[::fFFf:7f00:1]/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::127.0.0.1]/',
    'http://[2002:7f00:1::]/',
    'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.0.1/',
    'http://0/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]/',
    'http://[fd12:3456::1]/',
    'http://100.100.100.200/',
    'http://192.0.0.192/',
    'http://224.0.0.1/',
    'https://255.255.255.255/',
  ])('refuses %s as blocked_address without any lookup', async (input) => {
    const lookup = vi.fn(publicLookup);
    const error = await refusal(validateUrl(input, { lookup }));
    expect(error.violation).toBe('blocked_address');
    expect(error.code).toBe('SECURITY_BLOCKED_ADDRESS');
    expect(lookup).not.toHaveBeenCalled();
  });

  it.each(['http://168.63.129.16/', 'http://[fd00:ec2::254]/', 'http://[::ffff:168.63.129.16]/'])(
    'refuses the deny-listed %s even though allowCidrs covers it',
    async (input) => {
      const error = await refusal(
        validateUrl(input, { allowCidrs: ['0.0.0.0/0', '::/0'], lookup: publicLookup }),
      );
      expect(error.violation).toBe('blocked_address');
      expect(error.details).toMatchObject({ denied: true });
    },
  );

  it('lets allowHosts name a deny-listed address on purpose', async () => {
    await expect(
      validateUrl('http://169.254.169.254/', { allowHosts: ['169.254.169.254'] }),
    ).resolves.toBeInstanceOf(URL);
  });

  it.each([
    'http://localhost/',
    'http://LOCALHOST/',
    'http://localhost./',
    'http://localhost../',
    'http://app.localhost/',
    'http://a.b.localhost./',
    'http://localhost.localdomain/',
    'http://ip6-localhost/',
    'http://metadata/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://metadata.google.internal./',
    'http://METADATA.goog/',
  ])('refuses the deny-listed host %s before any lookup', async (input) => {
    const lookup = vi.fn(publicLookup);
    const error = await refusal(validateUrl(input, { lookup }));
    expect(error.violation).toBe('blocked_host');
    expect(error.code).toBe('SECURITY_BLOCKED_HOST');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses hosts added with denyHosts, exact and by pattern', async () => {
    const options = { denyHosts: ['evil.test', '*.internal.example'], lookup: publicLookup };
    expect((await refusal(validateUrl('http://evil.test/', options))).violation).toBe(
      'blocked_host',
    );
    expect((await refusal(validateUrl('http://db.internal.example/', options))).violation).toBe(
      'blocked_host',
    );
    await expect(validateUrl('http://internal.example/', options)).resolves.toBeInstanceOf(URL);
  });

  it('refuses addresses added with denyCidrs', async () => {
    const error = await refusal(validateUrl('http://8.8.4.4/', { denyCidrs: ['8.8.0.0/16'] }));
    expect(error.violation).toBe('blocked_address');
  });

  it.each([
    ['ftp://example.com/', 'url_scheme'],
    ['file:///etc/passwd', 'url_scheme'],
    ['gopher://127.0.0.1:6379/_INFO', 'url_scheme'],
    ['javascript:alert(1)', 'url_scheme'],
    ['data:text/plain,hi', 'url_scheme'],
    ['localhost:8080/admin', 'url_scheme'],
    ['//example.com/path', 'url_scheme'],
    ['\\\\example.com\\path', 'url_scheme'],
    ['example.com/path', 'url_scheme'],
    ['/relative/path', 'url_scheme'],
    ['http://', 'url_invalid'],
    ['http://exa mple.com/', 'url_invalid'],
    ['http://1.2.3.4.5/', 'url_invalid'],
    ['http://user:pass@example.com/', 'url_credentials'],
    ['http://user@example.com/', 'url_credentials'],
    ['https://:secret@example.com/', 'url_credentials'],
  ])('refuses %j as %s', async (input, violation) => {
    const error = await refusal(validateUrl(input, { lookup: publicLookup }));
    expect(error.violation).toBe(violation);
    expect(error.code).toBe(SSRF_CODES[violation as keyof typeof SSRF_CODES]);
  });

  it('never repeats the credentials of a refused URL', async () => {
    const error = await refusal(validateUrl('http://admin:hunter2@example.com/'));
    expect(error.message).not.toContain('hunter2');
    expect(JSON.stringify(error.toJSON())).not.toContain('hunter2');
  });

  it('refuses plain HTTP when protocols is https only', async () => {
    const check = createUrlValidator({ protocols: ['https:'], lookup: publicLookup });
    expect((await refusal(check('http://example.com/'))).violation).toBe('url_scheme');
    await expect(check('https://example.com/')).resolves.toBeInstanceOf(URL);
  });

  describe('with DNS', () => {
    it('refuses a name whose lookup returns a private address', async () => {
      const error = await refusal(
        validateUrl('http://internal.example/', { lookup: staticLookup('10.1.2.3') }),
      );
      expect(error.violation).toBe('dns_blocked');
      expect(error.code).toBe('SECURITY_DNS_BLOCKED');
      expect(error.details).toMatchObject({
        host: 'internal.example',
        address: '10.1.2.3',
        range: 'private',
      });
    });

    it('refuses a name when one of its addresses is private and another public', async () => {
      const error = await refusal(
        validateUrl('http://mixed.example/', { lookup: staticLookup(PUBLIC, '192.168.1.10') }),
      );
      expect(error.violation).toBe('dns_blocked');
      expect(error.details).toMatchObject({ address: '192.168.1.10' });
    });

    it.each([
      ['::ffff:127.0.0.1', 'ipv4Mapped'],
      ['169.254.169.254', 'linkLocal'],
      ['fd00:ec2::254', 'uniqueLocal'],
      ['0x7f.1', 'loopback'],
    ])('refuses a name resolving to %s', async (address, range) => {
      const error = await refusal(
        validateUrl('http://rebind.example/', { lookup: staticLookup(PUBLIC, address) }),
      );
      expect(error.violation).toBe('dns_blocked');
      expect(error.details?.range).toBe(range);
    });

    it('fails closed when the lookup fails', async () => {
      const cause = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), {
        code: 'ENOTFOUND',
      });
      const error = await refusal(
        validateUrl('http://nowhere.example/', {
          lookup: async () => {
            throw cause;
          },
        }),
      );
      expect(error.violation).toBe('dns_failed');
      expect(error.code).toBe('SECURITY_DNS_FAILED');
      expect(error.cause).toBe(cause);
    });

    it('fails closed on a lookup that throws synchronously', async () => {
      const error = await refusal(
        validateUrl('http://nowhere.example/', {
          lookup: () => {
            throw 'resolver down';
          },
        }),
      );
      expect(error.violation).toBe('dns_failed');
      expect(error.message).toContain('resolver down');
    });

    it.each([[[]], [[{ address: 'not-an-address' }]], [[{}]], [null]])(
      'fails closed when the lookup returns %j',
      async (answers) => {
        const lookup = (async () => answers) as unknown as LookupFunction;
        const error = await refusal(validateUrl('http://odd.example/', { lookup }));
        expect(error.violation).toBe('dns_failed');
      },
    );

    it('resolves the name as written, once', async () => {
      const lookup = vi.fn(publicLookup);
      await validateUrl('http://Api.Example.com./x', { lookup });
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(lookup).toHaveBeenCalledWith('api.example.com.');
    });

    it('skips resolution with resolveDns: false', async () => {
      const lookup = vi.fn(staticLookup('10.0.0.1'));
      await expect(
        validateUrl('http://internal.example/', { resolveDns: false, lookup }),
      ).resolves.toBeInstanceOf(URL);
      expect(lookup).not.toHaveBeenCalled();
    });

    it('accepts private addresses inside allowCidrs', async () => {
      const url = await validateUrl('http://service.internal/', {
        allowCidrs: ['10.0.0.0/8'],
        lookup: staticLookup('10.0.0.7', '10.9.9.9'),
      });
      expect(url.hostname).toBe('service.internal');
      const error = await refusal(
        validateUrl('http://service.internal/', {
          allowCidrs: ['10.0.0.0/8'],
          lookup: staticLookup('10.0.0.7', '172.16.0.1'),
        }),
      );
      expect(error.details).toMatchObject({ address: '172.16.0.1' });
    });

    it('accepts an IPv4-mapped address when its IPv4 address is in allowCidrs', async () => {
      await expect(
        validateUrl('http://[::ffff:127.0.0.1]:3000/', { allowCidrs: ['127.0.0.1'] }),
      ).resolves.toBeInstanceOf(URL);
    });

    it('trusts hosts in allowHosts without checking their addresses', async () => {
      const lookup = vi.fn(staticLookup('127.0.0.1'));
      await validateUrl('http://localhost:3000/', { allowHosts: ['localhost'], lookup });
      await validateUrl('http://api.test.internal/', { allowHosts: ['*.test.internal'], lookup });
      await validateUrl('http://127.0.0.1:3000/', { allowHosts: ['127.0.0.1'], lookup });
      await validateUrl('http://0x7f.1:3000/', { allowHosts: ['127.0.0.1'], lookup });
      expect(lookup).toHaveBeenCalledTimes(2);
    });

    it('rejects with the abort reason when the signal aborts during the lookup', async () => {
      const controller = new AbortController();
      const reason = new Error('stop');
      const lookup: LookupFunction = () => new Promise(() => {});
      const pending = validateUrl('http://slow.example/', { lookup, signal: controller.signal });
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
    });

    it('rejects at once with an already aborted signal', async () => {
      const lookup = vi.fn(publicLookup);
      const signal = AbortSignal.abort(new Error('gone'));
      await expect(validateUrl('http://x.example/', { lookup, signal })).rejects.toThrow('gone');
      expect(lookup).not.toHaveBeenCalled();
    });

    it('resolves with the lookup when the signal never aborts', async () => {
      const controller = new AbortController();
      await expect(
        validateUrl('http://x.example/', { lookup: publicLookup, signal: controller.signal }),
      ).resolves.toBeInstanceOf(URL);
    });

    it('uses the system resolver by default, asking for every address', async () => {
      const spy = vi
        .spyOn(dns.promises, 'lookup')
        .mockResolvedValue([{ address: '10.0.0.1', family: 4 }] as never);
      const error = await refusal(validateUrl('http://db.example/'));
      expect(error.violation).toBe('dns_blocked');
      expect(spy).toHaveBeenCalledWith('db.example', { all: true });
      await systemLookup('other.example');
      expect(spy).toHaveBeenLastCalledWith('other.example', { all: true });
    });
  });

  describe('options', () => {
    it.each([
      [{ allowHosts: 'x' }, 'allowHosts'],
      [{ allowHosts: ['*'] }, 'allowHosts[0]'],
      [{ allowCidrs: ['10.0.0.0/33'] }, 'allowCidrs[0]'],
      [{ allowCidrs: ['nope'] }, 'allowCidrs[0]'],
      [{ allowCidrs: [5] }, 'allowCidrs[0]'],
      [{ allowCidrs: '10.0.0.0/8' }, 'allowCidrs'],
      [{ denyCidrs: ['x/8'] }, 'denyCidrs[0]'],
      [{ denyHosts: ['a', 'b c'] }, 'denyHosts[1]'],
      [{ lookup: 'dns' }, 'lookup'],
      [{ resolveDns: 'yes' }, 'resolveDns'],
      [{ protocols: ['ftp:'] }, 'protocols'],
      [{ protocols: [] }, 'protocols'],
    ])('refuses %j naming %s', (options, option) => {
      try {
        createUrlValidator(options as never);
        expect.unreachable();
      } catch (error) {
        expect(isInvalidOptionError(error)).toBe(true);
        expect((error as { option: string }).option).toBe(option);
      }
    });

    it('rejects validateUrl with the option error instead of throwing', async () => {
      await expect(validateUrl('http://x.example/', { allowCidrs: ['bad'] })).rejects.toThrow(
        /`allowCidrs\[0\]` must be a CIDR range/,
      );
    });

    it('refuses an input that is neither a string nor a URL', async () => {
      const error = await validateUrl(42 as unknown as string).catch((e: unknown) => e);
      expect(isInvalidArgumentError(error)).toBe(true);
    });

    it('refuses a signal that is not an AbortSignal', async () => {
      await expect(
        validateUrl('http://x.example/', { signal: {} as AbortSignal, lookup: publicLookup }),
      ).rejects.toThrow(/`signal` must be an AbortSignal/);
    });

    it('publishes its deny-lists, frozen', () => {
      expect(DEFAULT_DENIED_HOSTS).toContain('metadata.google.internal');
      expect(DEFAULT_DENIED_ADDRESSES).toEqual(
        expect.arrayContaining([
          '169.254.169.254',
          'fd00:ec2::254',
          '100.100.100.200',
          '168.63.129.16',
          '192.0.0.192',
        ]),
      );
      expect(Object.isFrozen(DEFAULT_DENIED_HOSTS)).toBe(true);
      expect(Object.isFrozen(SSRF_CODES)).toBe(true);
    });
  });
});
