export { requireBinary, type KnownBinary } from './binaries.ts';
export { makeTestClip, type TestClipOptions } from './clips.ts';
export { makeCorruptFile } from './corrupt-file.ts';
export { ffprobeJson, type ProbeJson } from './ffprobe-json.ts';
export {
  ApiClient,
  pollUntil,
  uploadFile,
  type NewVideo,
  type UploadInstructions,
} from './api-client.ts';
export {
  crc32OfRange,
  partsToSend,
  putPart,
  signParts,
  uploadMultipart,
  type FilePart,
  type MultipartPlan,
  type SignedPart,
} from './multipart-upload.ts';
export { makeFrameBomb, makeHostileFiles } from './hostile-media.ts';
export { startCanary, startTarpit, type Trap } from './network-traps.ts';
export { descendantsOf, type ProcessInfo } from './processes.ts';
export { measurePeakMemory, type MeasuredTool } from './peak-memory.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
export { startWorkerProcess, type WorkerProcess } from './worker-process.ts';
export { s3PutBatchEvent } from './s3-events.ts';
export * from './fakes/index.ts';
