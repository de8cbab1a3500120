// Locks in how the bot reads Zadig's version (the `Zadig/<CHART_VERSION>` User-Agent of its calls,
// pkg/tool/httpclient/client.go) and judges it against the versions the compatibility table covers.
import { describe, expect, it } from 'vitest';
import {
  ZADIG_COMPATIBILITY,
  zadigVersionFromUserAgent,
  zadigVersionSupport,
} from '../../src/zadig/server-version.js';

describe('Zadig server version', () => {
  it('reads the chart version from the User-Agent Zadig sends', () => {
    expect(zadigVersionFromUserAgent('Zadig/3.4.1')).toBe('3.4.1');
    expect(zadigVersionFromUserAgent('Zadig/v4.1.0-rc1')).toBe('v4.1.0-rc1');
    expect(zadigVersionFromUserAgent('Zadig')).toBeUndefined();
    expect(zadigVersionFromUserAgent('curl/8.0')).toBeUndefined();
    expect(zadigVersionFromUserAgent(undefined)).toBeUndefined();
    expect(zadigVersionFromUserAgent('Zadig/3.4.1 <script>')).toBeUndefined();
  });

  it('covers 3.4.x and nothing else; an unreadable version is unknown', () => {
    expect(ZADIG_COMPATIBILITY.verified).toBe('3.4.1');
    expect(zadigVersionSupport('3.4.1')).toBe('covered');
    expect(zadigVersionSupport('v3.4.0')).toBe('covered');
    expect(zadigVersionSupport('3.4.2-20250801')).toBe('covered');
    expect(zadigVersionSupport('3.3.0')).toBe('not-covered');
    expect(zadigVersionSupport('3.5.0')).toBe('not-covered');
    expect(zadigVersionSupport('4.1.0')).toBe('not-covered');
    expect(zadigVersionSupport(undefined)).toBe('unknown');
    expect(zadigVersionSupport('latest')).toBe('unknown');
  });
});
