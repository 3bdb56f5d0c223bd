import {
  ConflictError,
  type HeldMessage,
  type JobMessage,
  type JobQueue,
  type Page,
  type QueueAdmin,
  type Video,
  type VideoCatalog,
  type VideoMutation,
  type VideoRepository,
  type VideoStatus,
} from '@videoforge/core';

/** VideoRepository in memory, with the same read-modify-write contract as DynamoDB's. */
export class InMemoryVideos implements VideoRepository, VideoCatalog {
  readonly items = new Map<string, Video>();
  readonly deleted: string[] = [];

  async create(video: Video): Promise<void> {
    if (this.items.has(video.videoId)) throw new ConflictError('video exists already');
    this.items.set(video.videoId, structuredClone(video));
  }

  async get(_userId: string, videoId: string): Promise<Video | undefined> {
    const video = this.items.get(videoId);
    return video && structuredClone(video);
  }

  async listByUser(userId: string): Promise<Page<Video>> {
    return { items: [...this.items.values()].filter((v) => v.userId === userId) };
  }

  async update(_userId: string, videoId: string, mutate: VideoMutation) {
    const current = this.items.get(videoId);
    if (!current) return undefined;
    const next = mutate(structuredClone(current));
    if (!next) return { video: structuredClone(current), changed: false };
    const stored = { ...next, version: current.version + 1 };
    this.items.set(videoId, stored);
    return { video: structuredClone(stored), changed: true };
  }

  async delete(_userId: string, videoId: string): Promise<void> {
    this.items.delete(videoId);
    this.deleted.push(videoId);
  }

  async ping(): Promise<void> {}

  async listByStatus(status: VideoStatus): Promise<Page<Video>> {
    return {
      items: [...this.items.values()]
        .filter((v) => v.status === status)
        .map((v) => structuredClone(v)),
    };
  }

  async usageOf() {
    return { videoCount: 0, storageBytes: 0 };
  }
}

export class RecordingJobQueue implements JobQueue {
  readonly sent: JobMessage[] = [];
  visible = 0;

  async send(job: JobMessage): Promise<void> {
    this.sent.push(job);
  }
  async receive() {
    return [];
  }
  async delete(): Promise<void> {}
  async depth() {
    return { visible: this.visible, inFlight: 0 };
  }
  async setVisibility(): Promise<void> {}
}

/** A DLQ holding the given bodies; counts what was held and released. */
export class FakeDeadLetters implements QueueAdmin {
  private readonly messages: HeldMessage[];
  private handedOut = false;
  released = 0;

  constructor(bodies: readonly string[]) {
    this.messages = bodies.map((body, i) => ({
      messageId: `m-${i}`,
      body,
      receiptHandle: `r-${i}`,
      receiveCount: 3,
    }));
  }

  async depth() {
    return { visible: this.messages.length, inFlight: 0 };
  }
  async hold() {
    if (this.handedOut) return [];
    this.handedOut = true;
    return this.messages;
  }
  async release(messages: readonly HeldMessage[]): Promise<void> {
    this.released += messages.length;
  }
  async delete(): Promise<void> {}
}

export function aVideo(overrides: Partial<Video> = {}): Video {
  const at = '2026-11-30T10:00:00.000Z';
  return {
    videoId: '0193a000-0000-7000-8000-000000000001',
    userId: 'user-1',
    title: 'Clip',
    description: '',
    status: 'PROCESSING',
    sourceKey: 'raw/user-1/0193a000-0000-7000-8000-000000000001.mp4',
    sizeBytes: 1000,
    contentType: 'video/mp4',
    renditions: {},
    uploadedAt: at,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}
