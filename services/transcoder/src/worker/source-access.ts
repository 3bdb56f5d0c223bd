/** A job's source as ffmpeg reads it: over HTTP(S), with Range requests. */
export interface SourceHandle {
  sizeBytes: number;
  /** A URL for one ffmpeg or ffprobe run; it carries a signature, so it must never be logged. */
  url(): Promise<string>;
}

/** How the job handler reaches a source object without copying it to disk first. */
export interface SourceAccess {
  /** Throws NotFoundError when the object is gone. */
  open(key: string): Promise<SourceHandle>;
}
