import { MediaUnreadableError } from './errors.ts';
import { ffprobeRaw, type FfprobeOptions, type RawProbe, type RawStream } from './ffmpeg-runner.ts';

export interface MediaInfo {
  /** 0 when neither the container nor the video stream states a duration. */
  durationSec: number;
  /** Display size: already swapped for sources rotated by 90 or 270 degrees. */
  width: number;
  height: number;
  hasAudio: boolean;
  videoCodec: string;
  formatName: string;
  /** Frames per second of the video stream; 0 when ffprobe could not tell. */
  frameRate: number;
  /** Every stream in the container (video, audio, subtitles, data). */
  streamCount: number;
  /** The most channels of any audio stream; 0 without audio. */
  audioChannels: number;
}

export async function probeMedia(path: string, opts: FfprobeOptions = {}): Promise<MediaInfo> {
  return toMediaInfo(await ffprobeRaw(path, opts));
}

export function toMediaInfo(raw: RawProbe): MediaInfo {
  const streams = raw.streams ?? [];
  // Cover art in MP4/MKV is a "video" stream too; it is not the video.
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (video === undefined)
    throw new MediaUnreadableError('no video stream', { refusal: { kind: 'no-video' } });
  const { width, height } = video;
  if (!isPositive(width) || !isPositive(height))
    throw new MediaUnreadableError('video stream has no frame size', {
      refusal: { kind: 'damaged' },
    });
  const audio = streams.filter((s) => s.codec_type === 'audio');

  const quarterTurn = rotationOf(video) % 180 === 90;
  return {
    durationSec: durationOf(raw.format?.duration ?? video.duration),
    width: quarterTurn ? height : width,
    height: quarterTurn ? width : height,
    hasAudio: audio.length > 0,
    videoCodec: video.codec_name ?? 'unknown',
    formatName: raw.format?.format_name ?? 'unknown',
    frameRate: frameRateOf(video),
    streamCount: streams.length,
    audioChannels: Math.max(0, ...audio.map((s) => s.channels ?? 0)),
  };
}

/** Degrees normalised to 0..359; the direction is irrelevant to whether width and height swap. */
function rotationOf(stream: RawStream): number {
  const fromSideData = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const degrees = fromSideData ?? Number(stream.tags?.rotate ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  return ((Math.round(degrees) % 360) + 360) % 360;
}

/** The average rate when the container states it, else the stream's base rate. */
function frameRateOf(stream: RawStream): number {
  return fraction(stream.avg_frame_rate) || fraction(stream.r_frame_rate);
}

function fraction(value: string | undefined): number {
  const [num, den] = (value ?? '').split('/').map(Number);
  if (num === undefined || !Number.isFinite(num)) return 0;
  const rate = den === undefined ? num : num / den;
  return Number.isFinite(rate) && rate > 0 ? rate : 0;
}

function durationOf(value: string | undefined): number {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

function isPositive(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
