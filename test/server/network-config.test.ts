import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';

describe('TLS and TURN configuration', () => {
  it('is off unless its variables are set', () => {
    const config = loadConfig({});
    expect(config.tls).toBeUndefined();
    expect(config.turn).toBeUndefined();
  });

  it('reads TLS file paths and TURN URLs, secret and key from the environment, with STUN derived from turn: URLs', () => {
    const config = loadConfig({
      SFU_TLS_CERT: '/etc/sfu/cert.pem',
      SFU_TLS_KEY: '/etc/sfu/key.pem',
      SFU_TURN_URLS: 'turn:turn.example.com:3478?transport=udp, turn:turn.example.com:3478?transport=tcp,turns:turn.example.com:5349?transport=tcp',
      SFU_TURN_SECRET: 'a-secret-of-sixteen-or-more',
      SFU_TURN_KEY_ID: 'key1',
      SFU_TURN_KEY_TOKEN: 'a-token-of-sixteen-or-more',
    });
    expect(config.tls).toEqual({ certFile: '/etc/sfu/cert.pem', keyFile: '/etc/sfu/key.pem' });
    expect(config.turn).toEqual({
      urls: ['turn:turn.example.com:3478?transport=udp', 'turn:turn.example.com:3478?transport=tcp', 'turns:turn.example.com:5349?transport=tcp'],
      secret: 'a-secret-of-sixteen-or-more',
      stunUrls: ['stun:turn.example.com:3478'],
      key: { id: 'key1', token: 'a-token-of-sixteen-or-more' },
    });
    expect(loadConfig({ SFU_TURN_URLS: 'turn:t:3478', SFU_TURN_SECRET: 'a-secret-of-sixteen-or-more', SFU_STUN_URLS: 'none' }).turn?.stunUrls).toEqual([]);
  });

  it('refuses half a TLS pair, a TURN URL that is not one, a short secret and half a TURN key', () => {
    expect(() => loadConfig({ SFU_TLS_CERT: '/etc/sfu/cert.pem' })).toThrow(/both SFU_TLS_CERT and SFU_TLS_KEY/);
    expect(() => loadConfig({ SFU_TURN_URLS: 'http://turn:3478', SFU_TURN_SECRET: 'a-secret-of-sixteen-or-more' })).toThrow(/SFU_TURN_URLS must be turn: or turns: URLs separated by commas, got "http:\/\/turn:3478"/);
    expect(() => loadConfig({ SFU_TURN_URLS: 'turn:t:3478' })).toThrow(/needs SFU_TURN_SECRET/);
    expect(() => loadConfig({ SFU_TURN_URLS: 'turn:t:3478', SFU_TURN_SECRET: 'a-secret-of-sixteen-or-more', SFU_TURN_KEY_ID: 'k' })).toThrow(/SFU_TURN_KEY_TOKEN/);
  });
});
