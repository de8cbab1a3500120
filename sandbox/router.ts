/**
 * A tiny path router: `:name` segments capture, static segments win over captures when both match
 * (so `/openapi/environments/scale` beats `/openapi/environments/:name`).
 */
import type { Route } from './http-kit.js';

interface Compiled {
  route: Route;
  segments: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.pattern.split('/').filter(Boolean) }));
  }

  private score(c: Compiled, parts: string[]): { params: Record<string, string>; score: number } | null {
    if (c.segments.length !== parts.length) return null;
    const params: Record<string, string> = {};
    let score = 0;
    for (let i = 0; i < parts.length; i++) {
      const seg = c.segments[i]!;
      const part = parts[i]!;
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = decodeURIComponent(part);
      } else if (seg === part) {
        // Earlier static segments weigh more, so the most specific prefix wins.
        score += 2 ** (parts.length - i);
      } else {
        return null;
      }
    }
    return { params, score };
  }

  /** Best route for method+path; `methodMismatch` tells a 405 from a 404. */
  match(method: string, path: string): { match?: Match; methodMismatch: boolean } {
    const parts = path.split('/').filter(Boolean);
    let best: { m: Match; score: number } | undefined;
    let methodMismatch = false;
    for (const c of this.compiled) {
      const s = this.score(c, parts);
      if (!s) continue;
      if (c.route.method !== method) {
        methodMismatch = true;
        continue;
      }
      if (!best || s.score > best.score) best = { m: { route: c.route, params: s.params }, score: s.score };
    }
    return best ? { match: best.m, methodMismatch: false } : { methodMismatch };
  }
}
