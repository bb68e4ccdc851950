import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { receiveBufferWarning, recommendedReceiveBufferBytes } from '../../src/server/hostTuning.js';

describe("the start-up warning about the host's UDP receive buffer", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfu-rmem-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sysctl = (value: string): string => {
    const file = join(dir, `rmem-${value.trim()}`);
    writeFileSync(file, value);
    return file;
  };

  it("names the value and the sysctl to raise it when it is the kernel's 208 KiB default", () => {
    const warning = receiveBufferWarning(sysctl('212992\n'));
    expect(warning).toContain('net.core.rmem_default is 208 KiB');
    expect(warning).toContain(`sysctl -w net.core.rmem_default=${recommendedReceiveBufferBytes}`);
  });

  it('says nothing at 4 MiB or more, or where the file does not exist (not Linux)', () => {
    expect(receiveBufferWarning(sysctl(`${recommendedReceiveBufferBytes}\n`))).toBeUndefined();
    expect(receiveBufferWarning(sysctl('8388608\n'))).toBeUndefined();
    expect(receiveBufferWarning(join(dir, 'missing'))).toBeUndefined();
  });
});
