/** A job's source, readable by ffmpeg at `url` (with Range requests) until `close()`. */
export interface SourceHandle {
  url: string;
  sizeBytes: number;
  close(): void;
}

/** How the job handler reaches a source object without copying it to disk first. */
export interface SourceAccess {
  /** Throws NotFoundError when the object is gone. */
  open(key: string): Promise<SourceHandle>;
}
