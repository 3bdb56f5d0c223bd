export * from './secret.ts';
export * from './signing.ts';
export * from './target-policy.ts';
export * from './safe-post.ts';
export * from './backoff.ts';
