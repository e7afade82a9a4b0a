import { PayloadTooLargeException } from '@nestjs/common';
import type { Readable } from 'node:stream';

const RECEIVED_BYTES = Symbol('loadwatch:upload-received-bytes');

interface CountedRequest {
  [RECEIVED_BYTES]?: number;
}

interface IncomingFile {
  stream: Readable;
}

type Callback = (error: Error | null, info?: { buffer: Buffer; size: number }) => void;

export function uploadTooLarge(maxBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`The upload is larger than the limit of ${maxBytes} bytes.`);
}

/**
 * A multer storage engine that keeps files in memory, like multer's own, but stops a request as soon as
 * all its files together pass `maxBytes`: a body without a Content-Length (chunked) cannot fill the memory.
 */
export class CappedMemoryStorage {
  constructor(private readonly maxBytes: number) {}

  _handleFile(req: CountedRequest, file: IncomingFile, callback: Callback): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    file.stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      const total = (req[RECEIVED_BYTES] ?? 0) + chunk.length;
      req[RECEIVED_BYTES] = total;
      if (total > this.maxBytes) {
        failed = true;
        file.stream.resume();
        callback(uploadTooLarge(this.maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    file.stream.on('error', (error: Error) => {
      if (!failed) {
        failed = true;
        callback(error);
      }
    });
    file.stream.on('end', () => {
      if (!failed) callback(null, { buffer: Buffer.concat(chunks, size), size });
    });
  }

  _removeFile(_req: unknown, file: { buffer?: Buffer }, callback: (error: Error | null) => void): void {
    delete file.buffer;
    callback(null);
  }
}
