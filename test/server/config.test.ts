import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appsFromDataDir } from '../../src/server/appsFile.js';
import { loadConfig, parseApps } from '../../src/server/config.js';

describe('configuration', () => {
  it('takes defaults, then the config file, then the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfu-config-'));
    const file = join(dir, 'sfu.json');
    writeFileSync(file, JSON.stringify({ port: 9000, media: { workers: 3, rtcMinPort: 41000 }, limits: { maxTracksPerRequest: 10 } }));
    const config = loadConfig({ SFU_CONFIG: file, SFU_PORT: '9100', SFU_APPS: 'one:secret-one-1,two:sec:ret:2', SFU_RTC_LISTEN_IP: '10.1.2.3' });
    expect(config.port).toBe(9100);
    expect(config.media.workers).toBe(3);
    expect(config.media.rtcMinPort).toBe(41000);
    expect(config.media.rtcMaxPort).toBe(49999);
    expect(config.limits.maxTracksPerRequest).toBe(10);
    expect(config.limits.emptyTrackTimeoutMs).toBe(5000);
    expect(config.apps).toEqual([
      { id: 'one', secret: 'secret-one-1' },
      { id: 'two', secret: 'sec:ret:2' },
    ]);
    // A specific listen address is also the announced one.
    expect(config.media.announcedAddress).toBeUndefined();
  });

  it('refuses invalid values, naming each', () => {
    expect(() => loadConfig({ SFU_PORT: 'eighty' })).toThrow('SFU_PORT must be a port number from 0 to 65535, got "eighty"');
    expect(() => loadConfig({ SFU_RTC_MIN_PORT: '5000', SFU_RTC_MAX_PORT: '4000' })).toThrow('SFU_RTC_MIN_PORT (5000) must not exceed SFU_RTC_MAX_PORT (4000)');
    expect(() => loadConfig({ SFU_APPS: 'lonely' })).toThrow(/id:secret/);
    expect(() => loadConfig({ SFU_APPS: 'a:short' })).toThrow(/at least 8 characters/);
    expect(() => loadConfig({ SFU_LOG_LEVEL: 'loud' })).toThrow('SFU_LOG_LEVEL must be one of debug, info, warn, error, got "loud"');
    expect(() => parseApps('x:')).toThrow();
    expect(loadConfig({}).limits.adapterJpegFps).toBe(1);
    expect(loadConfig({ SFU_ADAPTER_JPEG_FPS: '5' }).limits.adapterJpegFps).toBe(5);
    expect(() => loadConfig({ SFU_ADAPTER_JPEG_FPS: '0' })).toThrow('SFU_ADAPTER_JPEG_FPS must be a number above 0 and at most 30, got "0"');
    expect(() => loadConfig({ SFU_ADAPTER_JPEG_FPS: '31' })).toThrow('SFU_ADAPTER_JPEG_FPS must be a number above 0 and at most 30, got "31"');
  });

  it('announces a reachable address when listening on all interfaces', () => {
    const config = loadConfig({});
    expect(config.media.listenIp).toBe('0.0.0.0');
    expect(config.media.announcedAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('creates a first app on first start, keeps it private, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfu-data-'));
    const first = appsFromDataDir(dir);
    expect(first.created).toBeDefined();
    expect(first.apps[0]!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(first.apps[0]!.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const again = appsFromDataDir(dir);
    expect(again.created).toBeUndefined();
    expect(again.apps).toEqual(JSON.parse(readFileSync(first.file, 'utf8')).apps);
  });
});

describe('configuration errors name what to change', () => {
  const problem = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the configuration was accepted');
  };
  const configFile = (content: string): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'sfu-config-')), 'sfu.json');
    writeFileSync(file, content);
    return file;
  };

  it('says which variable must be a whole number, and what it got', () => {
    expect(problem({ SFU_WORKERS: '1.5' })).toBe('invalid configuration: SFU_WORKERS must be a whole number >= 1, got "1.5"');
    expect(problem({ SFU_CONNECT_TIMEOUT_MS: 'soon' })).toBe('invalid configuration: SFU_CONNECT_TIMEOUT_MS must be a whole number of milliseconds >= 1, got "soon"');
    expect(problem({ SFU_GRAPHQL_SUGGESTIONS: 'maybe' })).toBe('invalid configuration: SFU_GRAPHQL_SUGGESTIONS must be true or false (or 1 or 0), got "maybe"');
  });

  it('accepts only an IP as the announced address', () => {
    expect(problem({ SFU_ANNOUNCED_ADDRESS: 'notanip' })).toMatch(/^invalid configuration: SFU_ANNOUNCED_ADDRESS must be an IPv4 or IPv6 address .*, got "notanip"$/);
    expect(loadConfig({ SFU_ANNOUNCED_ADDRESS: '203.0.113.7' }).media.announcedAddress).toBe('203.0.113.7');
    expect(loadConfig({ SFU_ANNOUNCED_ADDRESS: '2001:db8::1' }).media.announcedAddress).toBe('2001:db8::1');
  });

  it('never repeats a refused secret', () => {
    const message = problem({ SFU_APPS: 'app:short' });
    expect(message).toBe('invalid configuration: SFU_APPS: app "app": the secret must have at least 8 characters');
    expect(problem({ SFU_APPS: 'no-colon-secret' })).not.toContain('no-colon-secret');
    expect(problem({ SFU_REDIS_URL: 'redis://x', SFU_CLUSTER_SECRET: 'tiny' })).not.toContain('tiny');
  });

  it('names a config file that is missing or not JSON in one line', () => {
    expect(problem({ SFU_CONFIG: '/nonexistent/sfu.json' })).toBe('invalid configuration: SFU_CONFIG names /nonexistent/sfu.json, which does not exist');
    const broken = configFile('{ "port": 1, }');
    expect(problem({ SFU_CONFIG: broken })).toMatch(new RegExp(`^invalid configuration: ${broken} \\(SFU_CONFIG\\) is not valid JSON: [^\\n]+$`));
    expect(problem({ SFU_CONFIG: configFile('[1]') })).toMatch(/must hold a JSON object of options/);
  });

  it('refuses environment names and unknown keys in the config file, naming the right key', () => {
    const file = configFile(JSON.stringify({ SFU_PORT: 1, media: { workerz: 2 } }));
    expect(problem({ SFU_CONFIG: file })).toBe(
      [
        'invalid configuration:',
        `- ${file}: unknown key "media.workerz" (known in "media": workers, listenIp, announcedAddress, rtcPort, rtcMinPort, rtcMaxPort, logLevel)`,
        `- ${file}: "SFU_PORT" is an environment variable's name; the config file calls it "port"`,
      ].join('\n'),
    );
    expect(problem({ SFU_CONFIG: configFile(JSON.stringify({ SFU_WORKERS: 2 })) })).toContain(`"SFU_WORKERS" is an environment variable's name; the config file calls it "media.workers" ({"media": {"workers": ...}})`);
  });

  it('names the config-file key of a wrong value in the file', () => {
    const file = configFile(JSON.stringify({ media: { workers: 0 } }));
    expect(problem({ SFU_CONFIG: file })).toBe(`invalid configuration: "media.workers" in ${file} must be a whole number >= 1, got 0`);
  });
});
