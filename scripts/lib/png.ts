import { crc32, deflateSync } from "node:zlib";

/**
 * A real, valid PNG made with node:zlib only (no image library): 8-bit RGB, no interlace. Used for image-only PDFs
 * (a "scan") and for the non-resume sample file.
 */

export type Rgb = readonly [number, number, number];

export interface PngOptions {
  /** Pixels; default 64 x 64. */
  width?: number;
  height?: number;
  /** Colour of each pixel; default a diagonal two-tone pattern (so the image is not one flat colour). */
  pixel?: (x: number, y: number) => Rgb;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const defaultPixel = (x: number, y: number): Rgb => ((x + y) % 16 < 8 ? [30, 60, 120] : [235, 235, 235]);

export function makePng(options: PngOptions = {}): Uint8Array {
  const { width = 64, height = 64, pixel = defaultPixel } = options;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filter, no interlace
  const rowBytes = 1 + width * 3;
  const raw = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    raw[y * rowBytes] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * rowBytes + 1 + x * 3);
  }
  const image = Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return new Uint8Array(image);
}
