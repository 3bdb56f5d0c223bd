export * from './aws-clients.ts';
export * from './s3-object-store.ts';
export * from './sqs-job-queue.ts';
export * from './dynamo-video-repository.ts';
export * from './memcached-cache.ts';
export * from './cognito-identity.ts';
export * from './jwt-verifier.ts';
export * from './aws-env.ts';
