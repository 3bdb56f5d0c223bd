export { startLocalStack } from './stack.ts';
export { DEFAULT_PORTS, type LocalStack, type LocalStackOptions } from './options.ts';
export { PortInUseError } from './net.ts';
export type { S3Event, S3EventHandler, S3EventRecord } from './s3-event.ts';
export { startWebGateway, type WebGateway, type WebGatewayOptions } from './web-gateway.ts';
