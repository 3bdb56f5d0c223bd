import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from './run-tool.ts';

/**
 * Files an attacker uploads as `clip.mp4` to make ffmpeg fetch URLs or read local files on the
 * worker. Each names `target` (a loopback canary) or a local path; none is media.
 */
export async function makeHostileFiles(
  dir: string,
  target: string,
): Promise<Record<'dash' | 'hls' | 'ffconcat' | 'hlsLocalFile', string>> {
  const files = {
    dash: dashManifest(`${target}/latest/meta-data/iam/security-credentials/`),
    hls: hlsPlaylist([`${target}/segment0.ts`, `${target}/segment1.ts`]),
    ffconcat: `ffconcat version 1.0\nfile '${target}/part0.mp4'\nfile '/etc/passwd'\n`,
    hlsLocalFile: hlsPlaylist(['file:///etc/passwd']),
  };
  const paths = {} as Record<keyof typeof files, string>;
  for (const [name, text] of Object.entries(files) as [keyof typeof files, string][]) {
    paths[name] = join(dir, `${name}.mp4`);
    await writeFile(paths[name], text);
  }
  return paths;
}

function hlsPlaylist(segments: string[]): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-MEDIA-SEQUENCE:0',
  ];
  for (const uri of segments) lines.push('#EXTINF:2.0,', uri);
  return `${[...lines, '#EXT-X-ENDLIST'].join('\n')}\n`;
}

function dashManifest(baseUrl: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S"
     minBufferTime="PT1S" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011">
  <Period>
    <AdaptationSet mimeType="video/mp4">
      <Representation id="v" bandwidth="100000" width="320" height="240" codecs="avc1.42c00d">
        <BaseURL>${baseUrl}</BaseURL>
        <SegmentBase indexRange="0-500"><Initialization range="0-100"/></SegmentBase>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
`;
}

/**
 * A tiny H.264 MP4 whose one frame is `size` x `size`: a few hundred KB that a decoder without
 * a frame-size limit expands to hundreds of MB.
 */
export async function makeFrameBomb(path: string, size: number): Promise<void> {
  // prettier-ignore
  await runTool('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `color=size=${size}x${size}:rate=25`,
    '-frames:v', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path,
  ]);
}
