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
    expect(() => loadConfig({ SFU_PORT: 'eighty' })).toThrow(/SFU_PORT must be a number/);
    expect(() => loadConfig({ SFU_RTC_MIN_PORT: '5000', SFU_RTC_MAX_PORT: '4000' })).toThrow(/rtcMinPort must not exceed/);
    expect(() => loadConfig({ SFU_APPS: 'lonely' })).toThrow(/id:secret/);
    expect(() => loadConfig({ SFU_APPS: 'a:short' })).toThrow(/at least 8 characters/);
    expect(() => loadConfig({ SFU_LOG_LEVEL: 'loud' })).toThrow(/logLevel/);
    expect(() => parseApps('x:')).toThrow();
    expect(loadConfig({}).limits.adapterJpegFps).toBe(1);
    expect(loadConfig({ SFU_ADAPTER_JPEG_FPS: '5' }).limits.adapterJpegFps).toBe(5);
    expect(() => loadConfig({ SFU_ADAPTER_JPEG_FPS: '0' })).toThrow(/adapterJpegFps must be a positive number/);
    expect(() => loadConfig({ SFU_ADAPTER_JPEG_FPS: '31' })).toThrow(/SFU_ADAPTER_JPEG_FPS must be at most 30/);
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
