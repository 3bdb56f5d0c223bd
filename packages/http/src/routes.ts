import type { Express } from 'express';

export interface RouteInfo {
  method: string;
  /** The full template, e.g. `/api/videos/:id`. */
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route an app serves, as method and path template: lets tests prove that a suite covers
 * each route there is (a new route without a test case fails them).
 */
export function listRoutes(app: Express): RouteInfo[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  return collect(router.stack, '');
}

function collect(stack: readonly Layer[], prefix: string): RouteInfo[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = join(prefix, String(layer.route.path)) || '/';
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => ({ method: m.toUpperCase(), path }));
    }
    const nested = layer.handle?.stack;
    if (!nested) return [];
    const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '';
    return collect(nested, join(prefix, mount));
  });
}

/** `prefix` is '' or starts with '/'; a '/' mount or route adds nothing. */
function join(prefix: string, path: string): string {
  return path === '/' || path === '' ? prefix : `${prefix}${path}`;
}
