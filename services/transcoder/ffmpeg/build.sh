#!/bin/sh
# Builds the transcoder's ffmpeg and ffprobe from a release tarball whose checksum was checked
# already (services/transcoder/Dockerfile: ADD --checksum). Usage: build.sh <tarball> <prefix>
#
# Only what the worker uses or opens, linked statically against FFmpeg's own libraries:
# - demuxers: the containers of ACCEPTED_DEMUXERS (packages/ffmpeg/src/input-args.ts), so a
#   container off that list cannot even be parsed, whatever -format_whitelist says (configure names
#   the MPEG program stream demuxer mpegps; its format name, the one on the list, is mpeg), plus
#   the raw elementary-stream demuxers FFmpeg probes a stream's codec with when the container does
#   not say (set_codec_from_probe_data in libavformat/demux.c; MPEG-PS and -TS need them), which
#   -format_whitelist keeps from opening a file themselves;
# - protocols: file and pipe (local work), http/https/tls/tcp (presigned sources). TLS by GnuTLS, as
#   in Debian's ffmpeg: with -tls_verify 1 it checks the chain against the system trust store and the
#   host name. (FFmpeg 7.1's OpenSSL backend loads no trust store unless given -ca_file and never
#   checks the host name.)
# - encoders: libx264, FFmpeg's native AAC, MJPEG (the poster); muxers: mp4, hls, mpegts, image2,
#   null;
# - every native decoder, parser, bitstream filter and filter (uploads carry any codec those
#   containers hold; the CLI inserts filters of its own: scale, format, aresample, crop, transpose,
#   trim...), plus libdav1d for AV1, which FFmpeg only decodes natively with hardware.
# --disable-autodetect: nothing is linked because the build machine happens to have it (X11, SDL,
# VA-API...). Runtime libraries: libx264, libdav1d, GnuTLS, zlib, libc.
set -eu
tarball=$1
prefix=$2
work=$(mktemp -d)
tar -xJf "$tarball" -C "$work" --strip-components=1
cd "$work"
./configure \
  --prefix="$prefix" \
  --toolchain=hardened \
  --disable-autodetect \
  --disable-debug \
  --disable-doc \
  --disable-ffplay \
  --disable-devices \
  --enable-gpl \
  --enable-libx264 \
  --enable-libdav1d \
  --enable-gnutls \
  --enable-zlib \
  --disable-demuxers \
  --enable-demuxer=mov,matroska,avi,mpegts,flv,mpegps,asf,ogg \
  --enable-demuxer=aac,ac3,aptx,dts,dvbsub,dvbtxt,eac3,h264,hevc,loas,m4v,mjpeg_2000,mp3,mpegvideo,truehd,evc,vvc \
  --disable-muxers \
  --enable-muxer=mp4,hls,mpegts,image2,null \
  --disable-encoders \
  --enable-encoder=libx264,aac,mjpeg \
  --disable-protocols \
  --enable-protocol=file,pipe,http,https,tls,tcp
make -j"$(nproc)"
make install
cd /
rm -rf "$work"

# Fail the build, not a job, when a component the worker relies on is missing.
bin=$prefix/bin
has() { "$bin/$1" -hide_banner "$2" | grep -Eq "^ *[A-Z.]+ +$3( |\$)" || { echo "build-ffmpeg: $1 $2 lacks $3" >&2; exit 1; }; }
for format in mov,mp4,m4a,3gp,3g2,mj2 matroska,webm avi mpegts flv mpeg asf ogg; do has ffprobe -demuxers "$format"; done
for muxer in mp4 hls mpegts image2 null; do has ffmpeg -muxers "$muxer"; done
for encoder in libx264 aac mjpeg; do has ffmpeg -encoders "$encoder"; done
for decoder in h264 hevc vp9 libdav1d mpeg2video aac mp3float opus; do has ffmpeg -decoders "$decoder"; done
for filter in scale split thumbnail; do has ffmpeg -filters "$filter"; done
"$bin/ffmpeg" -hide_banner -protocols | grep -qx ' *https' || { echo 'build-ffmpeg: no https' >&2; exit 1; }
