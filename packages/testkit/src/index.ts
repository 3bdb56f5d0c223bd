export { requireBinary, type KnownBinary } from './binaries.ts';
export { makeTestClip, type TestClipOptions } from './clips.ts';
export { makeCorruptFile } from './corrupt-file.ts';
export { ffprobeJson, type ProbeJson } from './ffprobe-json.ts';
export { ApiClient, pollUntil, uploadFile, type UploadInstructions } from './api-client.ts';
