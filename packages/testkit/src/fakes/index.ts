export { aJobMessage, aVideo, A_USER_ID, A_VIDEO_ID } from './builders.ts';
export { ManualClock } from './clock.ts';
export { FakeDeadLetters } from './dead-letters.ts';
export { aReceivedMessage, RecordingJobQueue } from './job-queue.ts';
export { InMemoryObjectStore } from './object-store.ts';
export { InMemoryUsageLedger } from './usage-ledger.ts';
export { InMemoryUserDirectory } from './user-directory.ts';
export { InMemoryVideos } from './videos.ts';
