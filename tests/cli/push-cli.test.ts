import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { sinmun } from '../setup/cli.js';

describe('sinmun push keys', () => {
  it('prints a VAPID key pair the server accepts; a wrong subcommand exits non-zero', async () => {
    const result = await sinmun(['push', 'keys'], {});
    expect(result.code, result.stderr).toBe(0);
    const match = /^VAPID_PUBLIC_KEY=([\w-]{87})\nVAPID_PRIVATE_KEY=([\w-]{43})\n$/.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    expect(result.stderr).toContain('VAPID_SUBJECT=mailto:');
    const config = loadConfig({ VAPID_PUBLIC_KEY: match?.[1], VAPID_PRIVATE_KEY: match?.[2], VAPID_SUBJECT: 'mailto:desk@sinmun.example' });
    expect(config.push.vapid?.publicKey).toBe(match?.[1]);
    const again = await sinmun(['push', 'keys'], {});
    expect(again.stdout).not.toBe(result.stdout);
    const wrong = await sinmun(['push', 'send'], {});
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('Usage: sinmun push keys');
  });
});
